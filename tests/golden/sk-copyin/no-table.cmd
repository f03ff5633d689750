sk-copyin --merge
