sk-fetch data/fetch/truncated.gz
