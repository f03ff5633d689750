sk-events2tsv -l data/lookup-ties/lookup.tsv data/lookup-ties/events.json
