sk-events2tsv -t ts ../examples/log_data
