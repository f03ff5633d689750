T=$(mktemp -d) && sk-events2tsv --max-errors 20 --rejects $T/rej -o songplays=$T/sp -o users=$T/u data/events/bad.json; echo "exit $?"; cat $T/sp $T/u; cut -f 1-3 $T/rej; rm -r $T
