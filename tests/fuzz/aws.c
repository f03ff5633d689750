/* aws.c — the AWS config and credentials files of any bytes, read by
 * aws_config_load for the default profile and a named one. */
#include <stdlib.h>
#include <unistd.h>

#include "extract/aws.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path);
	struct aws_config c;
	static const char *const vars[] = { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3",
		"AWS_ENDPOINT_URL", "AWS_CA_BUNDLE", "AWS_MAX_ATTEMPTS" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		unsetenv(vars[i]);
	setenv("AWS_CONFIG_FILE", path, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
	for (int named = 0; named < 2; named++) {
		setenv("AWS_PROFILE", named ? "sk" : "default", 1);
		aws_config_load(&c, false);
		aws_config_free(&c);
	}
	close(fd);
	return 0;
}
