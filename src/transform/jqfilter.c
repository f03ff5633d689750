#include <jq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "transform/jqfilter.h"

struct jq_filter {
	jq_state *jq;
	char message[512]; /* jq's last error, for the record's report */
};

static void on_error(void *ctx, jv msg)
{
	struct jq_filter *f = ctx;

	/* The first message is jq's reason; "1 compile error" follows it.
	 * It quotes the expression on a line of its own: one line here. */
	if (jv_get_kind(msg) == JV_KIND_STRING && f->message[0] == '\0') {
		char *p, *end;
		snprintf(f->message, sizeof f->message, "%s", jv_string_value(msg));
		for (p = f->message; (p = strchr(p, '\n')) != NULL;)
			*p = ' ';
		end = f->message + strlen(f->message);
		while (end > f->message && end[-1] == ' ')
			*--end = '\0';
	}
	jv_free(msg);
}

struct jq_filter *jq_filter_new(const char *expr)
{
	struct jq_filter *f = sk_malloc(sizeof *f);

	f->message[0] = '\0';
	if (!(f->jq = jq_init()))
		sk_die(SK_EXIT_SYSTEM, "cannot start libjq");
	jq_set_error_cb(f->jq, on_error, f);
	if (!jq_compile(f->jq, expr))
		sk_die(SK_EXIT_USAGE, "--where: %s", *f->message ? f->message : "does not compile");
	return f;
}

const char *jq_filter_run(struct jq_filter *f, const char *text, size_t len, bool *keep)
{
	jv out;

	jq_start(f->jq, jv_parse_sized(text, (int)len), 0);
	out = jq_next(f->jq);
	*keep = jv_get_kind(out) != JV_KIND_FALSE && jv_get_kind(out) != JV_KIND_NULL &&
		jv_is_valid(out);
	if (!jv_is_valid(out) && jv_invalid_has_msg(jv_copy(out))) {
		jv msg = jv_invalid_get_msg(out);
		snprintf(f->message, sizeof f->message, "--where: %s",
			 jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "failed");
		jv_free(msg);
		return f->message;
	}
	jv_free(out);
	return NULL;
}

void jq_filter_free(struct jq_filter *f)
{
	jq_teardown(&f->jq);
	free(f);
}
