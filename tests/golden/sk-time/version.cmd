sk-time --version
