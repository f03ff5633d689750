sk-fetch data/fetch/plain.json | od -c | tail -n 3
