sk-copyin --bulk-rows abc songs
