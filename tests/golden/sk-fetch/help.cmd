sk-fetch --help | head -n 1; sk-fetch -h >/dev/null; echo "exit $?"
