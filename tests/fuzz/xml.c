/* xml.c — an S3 ListObjectsV2 answer of any bytes (s3_listing_page, over
 * xml_text): its objects, or the one error a truncated page without a
 * token gets. */
#include <stdlib.h>
#include <string.h>

#include "extract/s3.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = malloc(size + 1);
	struct s3_listing listing = { 0 };

	memcpy(xml, data, size);
	xml[size] = '\0';
	FUZZ_TRY(free(s3_listing_page(xml, "bucket", "s3://bucket/", &listing)));
	s3_listing_free(&listing);
	free(xml);
	return 0;
}
