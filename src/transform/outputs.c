#include <string.h>

#include "common/err.h"
#include "transform/outputs.h"

void outputs_init(struct outputs *o, const char *const *names, int count)
{
	memset(o, 0, sizeof *o);
	o->names = names;
	o->count = count;
}

void outputs_want(struct outputs *o, const char *arg, bool to_stdout)
{
	const char *eq = strchr(arg, '=');
	size_t n = to_stdout || !eq ? strlen(arg) : (size_t)(eq - arg);

	if (!to_stdout && (!eq || eq[1] == '\0'))
		sk_die(SK_EXIT_USAGE, "-o %s: expected TABLE=FILE", arg);
	for (int i = 0; i < o->count; i++)
		if (strlen(o->names[i]) == n && strncmp(o->names[i], arg, n) == 0) {
			o->paths[i] = to_stdout ? "-" : eq + 1;
			return;
		}
	sk_die(SK_EXIT_USAGE, "unknown table '%.*s' (try --help)", (int)n, arg);
}

void outputs_open(struct outputs *o, struct tsv_out files[])
{
	int i, wanted = 0, to_stdout = 0;

	for (i = 0; i < o->count; i++) {
		wanted += o->paths[i] != NULL;
		to_stdout += o->paths[i] && strcmp(o->paths[i], "-") == 0;
	}
	if (to_stdout > 1)
		sk_die(SK_EXIT_USAGE, "only one table can go to stdout");
	if (!wanted)
		o->paths[0] = "-";
	for (i = 0; i < o->count; i++) {
		memset(&files[i], 0, sizeof files[i]);
		if (o->paths[i])
			tsv_open(&files[i], o->paths[i]);
	}
}

struct tsv_out *outputs_get(const struct outputs *o, struct tsv_out files[], int i)
{
	return o->paths[i] ? &files[i] : NULL;
}

void outputs_close(const struct outputs *o, struct tsv_out files[], bool end_line)
{
	for (int i = 0; i < o->count; i++) {
		if (!o->paths[i])
			continue;
		if (end_line)
			tsv_end_data(&files[i]);
		tsv_close(&files[i]);
	}
}
