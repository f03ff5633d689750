sk-fetch data/fetch/zstded.bin
