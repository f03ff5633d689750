sk-time -qz
