sk-fetch --version
