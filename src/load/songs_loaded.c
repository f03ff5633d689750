#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "load/songs_loaded.h"
#include "transform/tsv.h"

static bool star_exists(PGconn *conn)
{
	PGresult *res = db_statement(conn, "songs_loaded.exists", SQL_NO_ARGS, "sk_song_lookup");
	bool exists = PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	return exists;
}

void songs_loaded_write(PGconn *conn, FILE *out)
{
	char *row;
	int len;

	if (star_exists(conn)) {
		char *lookup = sql_statement("songs_loaded.lookup", SQL_NO_ARGS);
		PGresult *res = PQexec(conn, lookup);
		free(lookup);
		if (PQresultStatus(res) != PGRES_COPY_OUT)
			db_die(conn, res, "sk_song_lookup");
		PQclear(res);
		while ((len = PQgetCopyData(conn, &row, 0)) > 0) {
			fwrite(row, 1, (size_t)len, out);
			PQfreemem(row);
		}
		if (len == -2)
			db_die(conn, NULL, "sk_song_lookup");
		PQclear(db_check(conn, PQgetResult(conn), "sk_song_lookup"));
	}
	fputs(TSV_END_LINE, out);
	if (fflush(out) != 0 || ferror(out))
		sk_die(SK_EXIT_SYSTEM, "standard output:");
}
