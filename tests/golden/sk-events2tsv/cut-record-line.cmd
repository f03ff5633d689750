sk-events2tsv -t ts data/events/cut-line5.json
