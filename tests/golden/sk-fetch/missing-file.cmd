sk-fetch data/fetch/nope.json
