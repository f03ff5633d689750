sk-time s3://sparkify/log_data/ts.tsv
