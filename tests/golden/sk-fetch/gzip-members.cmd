sk-fetch data/fetch/two-members.gz
