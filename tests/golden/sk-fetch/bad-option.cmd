sk-fetch --bogus
