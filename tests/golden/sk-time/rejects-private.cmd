T=$(mktemp -d) && printf "x\n" | sk-time --max-errors 5 --rejects $T/rej >/dev/null 2>&1; stat -c %a $T/rej; rm -r $T
