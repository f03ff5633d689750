sk-events2tsv -t users ../examples/log_data
