sk-songs2tsv -t lookup ../examples/song_data
