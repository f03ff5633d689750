sk-fetch ../examples/log_data | sk-events2tsv -q -t users -
