#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "transform/tables.h"

const struct table_def table_songplays = {
	"songplays", "songplays", false, 9, {
		{ "start_time", "timestamp without time zone", false },
		{ "user_id", "integer", false },
		{ "level", "text", false },
		{ "song_id", "text", false },
		{ "artist_id", "text", false },
		{ "session_id", "integer", false },
		{ "item_in_session", "integer", false },
		{ "location", "text", false },
		{ "user_agent", "text", false },
	}
};

const struct table_def table_users = {
	"users", "users", false, 7, {
		{ "user_id", "integer", false },
		{ "first_name", "text", false },
		{ "last_name", "text", false },
		{ "gender", "text", false },
		{ "level", "text", false },
		{ "ts", "bigint", true },
		{ "item_in_session", "bigint", true },
	}
};

const struct table_def table_songs = {
	"songs", "songs", false, 5, {
		{ "song_id", "text", false },
		{ "title", "text", false },
		{ "artist_id", "text", false },
		{ "year", "integer", false },
		{ "duration", "double precision", false },
	}
};

const struct table_def table_artists = {
	"artists", "artists", false, 5, {
		{ "artist_id", "text", false },
		{ "name", "text", false },
		{ "location", "text", false },
		{ "latitude", "double precision", false },
		{ "longitude", "double precision", false },
	}
};

const struct table_def table_lookup = {
	"lookup", "sk_song_lookup", false, 5, {
		{ "song_id", "text", false },
		{ "title", "text", false },
		{ "artist_name", "text", false },
		{ "duration", "double precision", false },
		{ "artist_id", "text", false },
	}
};

const struct table_def table_time = {
	"time", "time", false, 7, {
		{ "start_time", "timestamp without time zone", false },
		{ "hour", "integer", false },
		{ "day", "integer", false },
		{ "week", "integer", false },
		{ "month", "integer", false },
		{ "year", "integer", false },
		{ "weekday", "integer", false },
	}
};

/* The plays left unresolved, by their natural key, with the event's song
 * and artist: counted per day, title and artist into sk_plays_unresolved. */
const struct table_def table_unresolved = {
	"unresolved", "sk_plays_unresolved", true, 6, {
		{ "start_time", "timestamp without time zone", false },
		{ "user_id", "integer", false },
		{ "session_id", "integer", false },
		{ "item_in_session", "integer", false },
		{ "title", "text", false },
		{ "artist", "text", false },
	}
};

const struct table_def *const tables_all[] = {
	&table_songplays, &table_users, &table_songs, &table_artists, &table_lookup,
	&table_time, &table_unresolved, NULL,
};

char *table_column_list(const struct table_def *def, const char *first, bool typed)
{
	size_t cap = (first ? strlen(first) + 2 : 0) + 1, n = 0;
	char *list;

	for (int i = 0; i < def->ncolumns; i++)
		cap += strlen(def->columns[i].name) + strlen(def->columns[i].type) + 3;
	list = sk_malloc(cap);
	list[0] = '\0';
	if (first)
		n = (size_t)sprintf(list, "%s", first);
	for (int i = 0; i < def->ncolumns; i++)
		n += (size_t)sprintf(list + n, "%s%s%s%s", n ? ", " : "", def->columns[i].name,
				     typed ? " " : "", typed ? def->columns[i].type : "");
	return list;
}

const struct table_def *table_loaded_into(const char *table)
{
	for (const struct table_def *const *t = tables_all; *t; t++)
		if (strcmp((*t)->table, table) == 0)
			return *t;
	return NULL;
}
