sk-fetch data/fetch/crlf.json - data/fetch/bom.json < data/fetch/tree/a.json
