printf "1541120460000\nsoon\n" | sk-time
