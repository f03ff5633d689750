sk-events2tsv -t ts --where '.userId ==' ../examples/log_data
