sk-events2tsv --no-end-line -t ts ../examples/log_data/2018/11/2018-11-01-events.json
