sk-fetch --list data/fetch/tree
