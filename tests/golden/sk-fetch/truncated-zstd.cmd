sk-fetch data/fetch/truncated.zst
