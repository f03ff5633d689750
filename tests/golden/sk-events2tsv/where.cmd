sk-events2tsv -t ts --where '.userId == "39" and .page == "NextSong"' ../examples/log_data
