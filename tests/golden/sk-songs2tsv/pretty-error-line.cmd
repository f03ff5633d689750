sk-songs2tsv -t lookup data/songs/pretty-bad.json
