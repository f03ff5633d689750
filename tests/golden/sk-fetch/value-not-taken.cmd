sk-fetch --list=yes -qz
