T=$(mktemp) && sk-songs2tsv -t lookup ../examples/song_data > $T && sk-events2tsv -l $T ../examples/log_data; rm $T
