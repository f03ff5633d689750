sk-fetch data/fetch/pretty.json
