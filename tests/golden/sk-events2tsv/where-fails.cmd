sk-events2tsv -t ts --where '.song | test("x")' ../examples/log_data
