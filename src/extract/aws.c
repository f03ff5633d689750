#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extract/aws.h"

static char *dup_or_null(const char *s)
{
	return s && *s ? sk_strndup(s, strlen(s)) : NULL;
}

static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Looks key up in section [section] of an INI file; NULL when absent.
 * Indented lines belong to a nested block ("s3 =\n  endpoint_url = ...")
 * and are skipped, as they set service-specific values. */
static char *ini_get(const char *path, const char *section, const char *key)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	char line[4096], *value = NULL;
	bool in_section = false;

	if (!f)
		return NULL;
	while (!value && fgets(line, sizeof line, f)) {
		char *s = trim(line), *eq;
		if (*s == '[') {
			char *end = strchr(s, ']');
			if (end) {
				*end = '\0';
				in_section = strcmp(trim(s + 1), section) == 0;
			}
			continue;
		}
		if (!in_section || isspace((unsigned char)line[0]) || !(eq = strchr(s, '=')))
			continue;
		*eq = '\0';
		if (strcmp(trim(s), key) == 0)
			value = dup_or_null(trim(eq + 1));
	}
	fclose(f);
	return value;
}

static char *home_file(const char *env, const char *name)
{
	const char *set = getenv(env), *home = getenv("HOME");
	char *path;
	size_t n;

	if (set && *set)
		return sk_strndup(set, strlen(set));
	if (!home)
		return NULL;
	n = strlen(home) + strlen(name) + 8;
	path = sk_malloc(n);
	snprintf(path, n, "%s/.aws/%s", home, name);
	return path;
}

/* A setting from the environment, else the credentials file's [profile],
 * else the config file's [profile NAME] ([default] for the default). */
static char *setting(const char *env1, const char *env2, const char *key,
		     const char *profile, const char *creds, const char *config)
{
	char section[256], *v;

	if ((v = dup_or_null(env1 ? getenv(env1) : NULL)) ||
	    (v = dup_or_null(env2 ? getenv(env2) : NULL)))
		return v;
	if (creds && (v = ini_get(creds, profile, key)))
		return v;
	snprintf(section, sizeof section, strcmp(profile, "default") == 0 ? "%s" : "profile %s",
		 profile);
	return ini_get(config, section, key);
}

/* No keys: said once, and kept for the message of a refused request. */
static void note_no_credentials(struct aws_config *c, const char *profile, const char *creds,
				const char *config)
{
	char where[2048];

	snprintf(where, sizeof where, "no AWS credentials found in AWS_ACCESS_KEY_ID and "
		 "AWS_SECRET_ACCESS_KEY, nor in profile '%s' of %s or %s: the request went unsigned",
		 profile, creds ? creds : "~/.aws/credentials (no HOME)",
		 config ? config : "~/.aws/config (no HOME)");
	c->no_credentials = sk_strndup(where, strlen(where));
	free(c->access_key), free(c->secret_key), free(c->session_token);
	c->access_key = c->secret_key = c->session_token = NULL;
}

void aws_unsigned_said(const struct aws_config *c)
{
	static bool said;

	if (!c->no_credentials || said)
		return;
	said = true;
	sk_warn("no AWS credentials found: S3 requests go unsigned, as to a public bucket "
		"(--no-sign-request says so)");
}

void aws_config_load(struct aws_config *c, bool no_sign)
{
	const char *profile = getenv("AWS_PROFILE");
	char *creds = home_file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
	char *config = home_file("AWS_CONFIG_FILE", "config");
	char *attempts;

	memset(c, 0, sizeof *c);
	c->timeout = AWS_TIMEOUT;
	c->connect_timeout = AWS_CONNECT_TIMEOUT;
	if (!profile || !*profile)
		profile = "default";
	if (!no_sign) {
		/* Keys from the environment come as a pair, or not at all. */
		if (getenv("AWS_ACCESS_KEY_ID") && getenv("AWS_SECRET_ACCESS_KEY")) {
			c->access_key = dup_or_null(getenv("AWS_ACCESS_KEY_ID"));
			c->secret_key = dup_or_null(getenv("AWS_SECRET_ACCESS_KEY"));
			c->session_token = dup_or_null(getenv("AWS_SESSION_TOKEN"));
		} else {
			c->access_key = setting(NULL, NULL, "aws_access_key_id", profile, creds, config);
			c->secret_key = setting(NULL, NULL, "aws_secret_access_key", profile, creds, config);
			c->session_token = setting(NULL, NULL, "aws_session_token", profile, creds, config);
		}
	}
	if (!no_sign && (!c->access_key || !c->secret_key))
		note_no_credentials(c, profile, creds, config);
	c->region = setting("AWS_REGION", "AWS_DEFAULT_REGION", "region", profile, NULL, config);
	if (!c->region)
		c->region = sk_strndup("us-east-1", 9);
	c->endpoint = setting("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "endpoint_url", profile,
			      NULL, config);
	c->ca_bundle = setting("AWS_CA_BUNDLE", NULL, "ca_bundle", profile, NULL, config);
	attempts = setting("AWS_MAX_ATTEMPTS", NULL, "max_attempts", profile, NULL, config);
	c->max_attempts = attempts ? atoi(attempts) : 3;
	if (c->max_attempts < 1) {
		sk_warn("AWS_MAX_ATTEMPTS: '%s' is not a count; using 3", attempts);
		c->max_attempts = 3;
	}
	free(attempts);
	if (c->endpoint && c->endpoint[strlen(c->endpoint) - 1] == '/')
		c->endpoint[strlen(c->endpoint) - 1] = '\0';
	free(creds);
	free(config);
}

void aws_config_free(struct aws_config *c)
{
	free(c->access_key);
	if (c->secret_key) /* do not leave the secret in freed memory */
		memset(c->secret_key, 0, strlen(c->secret_key));
	free(c->secret_key);
	free(c->session_token);
	free(c->region);
	free(c->endpoint);
	free(c->ca_bundle);
	free(c->no_credentials);
	memset(c, 0, sizeof *c);
}
