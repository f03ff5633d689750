sk-songs2tsv --max-errors 3 data/songs/bad.json
