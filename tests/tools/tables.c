/* tables — prints src/transform/tables.c's descriptions, for the tests to
 * hold the filters, their usage and man pages, and sql/schema.sql to:
 * a line per column, "OUTPUT TABLE COUNTED_ONLY COLUMN TYPE TSV_ONLY"
 * (tab-separated, the flags 0 or 1). */
#include <stdio.h>

#include "transform/tables.h"

int main(void)
{
	for (const struct table_def *const *t = tables_all; *t; t++)
		for (int i = 0; i < (*t)->ncolumns; i++)
			printf("%s\t%s\t%d\t%s\t%s\t%d\n", (*t)->output, (*t)->table,
			       (*t)->counted_only, (*t)->columns[i].name, (*t)->columns[i].type,
			       (*t)->columns[i].tsv_only);
	return ferror(stdout) || fflush(stdout) != 0;
}
