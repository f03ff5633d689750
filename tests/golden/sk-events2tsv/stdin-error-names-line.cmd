printf "{\"ts\":1}\n{\"ts\":[]}\n" | sk-events2tsv -t ts
