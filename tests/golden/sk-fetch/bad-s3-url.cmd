sk-fetch s3://
