sk-songs2tsv --where '.year == 2001' ../examples/song_data
