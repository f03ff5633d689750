/* aws.h — S3 settings resolved the way the AWS CLI resolves them (SPEC §4):
 * the environment first (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_REGION or AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3
 * or AWS_ENDPOINT_URL, AWS_MAX_ATTEMPTS, AWS_CA_BUNDLE), then the profile named by
 * AWS_PROFILE ("default" otherwise) in ~/.aws/credentials and ~/.aws/config
 * (or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE).  A custom endpoint
 * means an S3-compatible server, addressed path-style.  Secrets are kept
 * here and handed to libcurl; nothing prints them. */
#ifndef SK_AWS_H
#define SK_AWS_H

#include <stdbool.h>

struct aws_config {
	char *access_key, *secret_key, *session_token; /* NULL: unsigned requests */
	char *region;        /* never NULL */
	char *endpoint;      /* "http://127.0.0.1:4569", or NULL for AWS itself */
	int max_attempts;    /* tries per request, first one included */
	char *ca_bundle;     /* AWS_CA_BUNDLE: certificates to trust, or NULL */
	long timeout;        /* seconds without a byte before a transfer is dropped */
	long connect_timeout;
	/* Without --no-sign-request and no keys found: where sk looked, for
	 * the message of a request S3 refuses; NULL otherwise. */
	char *no_credentials;
};

enum { AWS_TIMEOUT = 30, AWS_CONNECT_TIMEOUT = 10 };

/* no_sign: anonymous requests (--no-sign-request), whatever is configured.
 * With no keys found and no no_sign, requests go unsigned (a public bucket
 * answers them), and stderr says so once. */
void aws_config_load(struct aws_config *c, bool no_sign);
void aws_config_free(struct aws_config *c);
/* Before the first S3 request: says once that it goes unsigned, when no
 * keys were found. */
void aws_unsigned_said(const struct aws_config *c);

#endif
