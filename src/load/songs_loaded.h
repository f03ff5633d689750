/* songs_loaded.h — the play lookup of the songs loaded so far, for the
 * next load's plays (make load: sk-copyin --songs-loaded, then
 * sk-events2tsv -l): the rows sk-songs2tsv -t lookup writes, from
 * sk_song_lookup, and for songs loaded by an sk older than it, from songs
 * and artists.  Nothing before the first load. */
#ifndef SK_SONGS_LOADED_H
#define SK_SONGS_LOADED_H

#include <stdio.h>

#include "load/db.h"

/* Writes the lookup as TSV, ended by the end-of-data line, to out. */
void songs_loaded_write(PGconn *conn, FILE *out);

#endif
