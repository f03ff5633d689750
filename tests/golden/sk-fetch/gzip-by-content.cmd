sk-fetch data/fetch/gzipped.bin
