T=$(mktemp -d) && sk-songs2tsv -o songs=$T/s -o artists=$T/a ../examples/song_data && wc -l < $T/s && wc -l < $T/a && rm -r $T
