sk-events2tsv -t users data/events/framing.json
