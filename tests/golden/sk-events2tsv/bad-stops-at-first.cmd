sk-events2tsv -t users data/events/bad.json
