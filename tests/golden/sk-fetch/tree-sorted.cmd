sk-fetch data/fetch/tree
