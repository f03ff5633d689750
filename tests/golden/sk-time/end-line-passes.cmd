printf '1546214400000\tx\n\\.\n' | sk-time
