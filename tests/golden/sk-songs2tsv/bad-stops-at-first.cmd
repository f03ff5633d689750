sk-songs2tsv data/songs/bad.json
