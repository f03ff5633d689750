sk-events2tsv ../examples/log_data/2018/11/2018-11-02-events.json
