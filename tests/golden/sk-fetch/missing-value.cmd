sk-fetch --list --timeout
