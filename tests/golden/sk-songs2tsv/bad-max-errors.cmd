T=$(mktemp) && sk-songs2tsv --max-errors 7 --rejects $T data/songs/bad.json && echo "-- rejects:" && cat $T && rm $T
