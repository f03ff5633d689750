sk-songs2tsv -t users ../examples/song_data
