sk-fetch s3://bucket/log_data/
