/* Schema migrations (migrate.c) and the one unprepared-query entry point
 * of the database layer (db.c) that they need. Core-internal: plugins
 * never see this header. */
#ifndef VV_MIGRATE_H
#define VV_MIGRATE_H

#include <stddef.h>
#include "vv/arena.h"

/* Applies every schema_dir/NNN_name.sql (the core's), then every
 * schema_dir/<plugin>/NNN_name.sql, not yet recorded in the table
 * schema_migrations (created here when missing, upgraded from the
 * single-list form), in numeric order, one statement at a time, recording
 * each file after its last statement.
 * Running it again changes nothing. One runner at a time per database:
 * a second one waits for the first (a server lock; none on Galera, where
 * it warns). Temporary memory comes from a.
 * Returns the number of migrations applied (>= 0) or a negative VV_ code;
 * a failure is logged with the file and statement number. */
int vv_migrate(const char *schema_dir, vv_arena_t *a);

/* Compares the database's schema_migrations with the files of
 * schema_dir: returns how many components the database has at a version
 * higher than any file here (a newer vvhome migrated it; each logged as an
 * error saying what to do), or a negative VV_ code when the database
 * cannot be asked. *pending: how many files here are not recorded yet
 * (vvctl migrate has not run; 1 for an empty database). Temporary
 * memory from a. */
int vv_schema_check(const char *schema_dir, vv_arena_t *a, int *pending);

/* Runs one statement of trusted text (len bytes of sql, not NUL-terminated
 * necessarily) with mysql_real_query and discards any rows. Only for text
 * from the installed schema directory, never for anything a user sent:
 * it binds no parameters. Same connection handling and return codes as
 * vv_db_exec (0 on success). Implemented in db.c. */
int vv_db_exec_trusted(const char *sql, size_t len);

#endif
