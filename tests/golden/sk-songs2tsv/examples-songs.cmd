sk-songs2tsv ../examples/song_data
