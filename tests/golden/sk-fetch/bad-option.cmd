sk-fetch --bogus 2>&1 | head -n 2
