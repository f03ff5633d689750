#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extract/aws.h"
#include "extract/input.h"
#include "extract/remote.h"
#include "extract/remote_input.h"
#include "extract/s3.h"

static struct input_remote settings;

struct input_remote input_remote_defaults(bool no_sign)
{
	return (struct input_remote){ 16, no_sign, AWS_TIMEOUT };
}

struct remote_sources {
	struct aws_config aws;
	struct fetcher *fetcher; /* started at the first read */
	size_t *index;           /* per object of the list: its index in fetcher */
};

static struct remote_sources *remote_of(struct input_list *list)
{
	if (!list->remote) {
		list->remote = sk_malloc(sizeof *list->remote);
		memset(list->remote, 0, sizeof *list->remote);
		aws_config_load(&list->remote->aws, settings.no_sign);
		list->remote->aws.timeout = settings.timeout;
	}
	return list->remote;
}

static void expand(struct input_list *list, const char *source)
{
	struct s3_listing l;

	if (strncmp(source, "s3://", 5) != 0) {
		input_list_push(list, sk_strndup(source, strlen(source)));
		return;
	}
	s3_list(&remote_of(list)->aws, source, &l);
	for (size_t i = 0; i < l.count; i++) {
		struct s3_object *o = &l.objects[i];
		input_list_push(list, sk_strndup(o->url, strlen(o->url)));
		if (o->etag) /* read at the version listed */
			list->listed[list->count - 1] = (struct input_listed){
				true, o->size, sk_strndup(o->etag, strlen(o->etag))
			};
	}
	s3_listing_free(&l);
}

/* The ETag a listing gave the object, if any. */
static const char *listed_etag(const struct input_listed *l)
{
	return l->version && *l->version && strncmp(l->version, "mtime:", 6) != 0 ? l->version
										  : NULL;
}

/* One fetcher for all the remote objects of the list, so that it can
 * fetch ahead of the reader in list order. */
static void start(struct input_list *list, struct remote_sources *r)
{
	struct remote_object *objects = sk_malloc(list->count * sizeof *objects);
	size_t n = 0;

	r->index = sk_malloc(list->count * sizeof *r->index);
	for (size_t i = 0; i < list->count; i++) {
		r->index[i] = SIZE_MAX;
		if (input_is_remote(list->paths[i])) {
			r->index[i] = n;
			objects[n++] = (struct remote_object){ list->paths[i],
							       listed_etag(&list->listed[i]) };
		}
	}
	r->fetcher = fetcher_new(&r->aws, objects, n, settings.jobs);
	free(objects);
}

static size_t read_object(struct input_list *list, size_t i, char *buf, size_t cap)
{
	struct remote_sources *r = remote_of(list);

	if (!r->fetcher)
		start(list, r);
	return fetcher_read(r->fetcher, r->index[i], buf, cap);
}

static void free_remote(struct input_list *list)
{
	struct remote_sources *r = list->remote;

	if (r->fetcher)
		fetcher_free(r->fetcher);
	aws_config_free(&r->aws);
	free(r->index);
	free(r);
	list->remote = NULL;
}

void input_enable_remote(const struct input_remote *how)
{
	static const struct input_remote_ops ops = { expand, read_object, free_remote };

	settings = *how;
	input_remote_ops = &ops;
}
