head -n 3 golden/sk-songs2tsv/examples-lookup.out | sk-events2tsv -l /dev/stdin -t ts ../examples/log_data/2018/11/2018-11-01-events.json
