T=$(mktemp) && sk-songs2tsv --max-errors 2 --rejects $T data/songs/bad.json; echo "exit $?, rejects kept: $(wc -l < $T)"; rm $T
