#include <string.h>

#include "common/err.h"
#include "load/songs_loaded.h"
#include "transform/tsv.h"

static const char lookup_sql[] =
	"COPY (SELECT song_id, title, artist_name, duration, artist_id FROM sk_song_lookup"
	" UNION ALL SELECT s.song_id, s.title, a.name, s.duration, s.artist_id"
	" FROM songs s JOIN artists a USING (artist_id) WHERE s.title IS NOT NULL"
	" AND a.name IS NOT NULL AND s.duration IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM sk_song_lookup l WHERE l.song_id = s.song_id))"
	" TO STDOUT";

static bool star_exists(PGconn *conn)
{
	PGresult *res = db_exec(conn, "SELECT to_regclass('sk_song_lookup') IS NOT NULL",
				"sk_song_lookup");
	bool exists = PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	return exists;
}

void songs_loaded_write(PGconn *conn, FILE *out)
{
	char *row;
	int len;

	if (star_exists(conn)) {
		PGresult *res = PQexec(conn, lookup_sql);
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
