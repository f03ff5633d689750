sk-songs2tsv -t artists ../examples/song_data
