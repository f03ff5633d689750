/* files.h — the files sk reads whole, and where its installed data lives. */
#ifndef SK_FILES_H
#define SK_FILES_H

#include <stddef.h>

/* The whole file as a NUL-terminated string the caller frees; exits with
 * SK_EXIT_SYSTEM, naming the path, when it cannot be read. */
char *sk_read_file(const char *path);

/* Where sk's SQL is: sql/ in the source tree, share/sk installed.  The
 * path of name ("schema.sql", "load", "report") in $SK_SQL_DIR when it is
 * set, else beside the program, in the tree (bin/../sql/NAME) or installed
 * (bin/../share/sk/NAME), written into buf; NULL when it is in none. */
const char *sk_sql_path(const char *name, char *buf, size_t cap);
/* The same, exiting with a message that says where sk looked when it is
 * in none. */
const char *sk_sql_path_or_die(const char *name, char *buf, size_t cap);

#endif
