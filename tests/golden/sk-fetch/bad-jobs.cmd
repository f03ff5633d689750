sk-fetch -j 0 s3://b/p
