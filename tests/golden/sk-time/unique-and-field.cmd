printf "a\t1541120460000\tz\nb\t1541120460000\tz\nc\t1.5411204e12\tz\n" | sk-time -u -f 2
