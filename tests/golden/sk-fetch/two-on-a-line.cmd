sk-fetch data/events/framing.json
