T=$(mktemp) && printf "\\\\N\n1541120460000\nx\t1541120460000\n" | sk-time -f 2 --max-errors 5 --rejects $T; echo "exit $?"; cat $T; rm $T
