sk-songs2tsv --version
