sk-time -f 0
