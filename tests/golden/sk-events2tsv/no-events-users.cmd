printf '' | sk-events2tsv -q -t users
