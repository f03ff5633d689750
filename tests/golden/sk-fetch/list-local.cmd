sk-fetch --list data/fetch/tree | cut -f 1,2
