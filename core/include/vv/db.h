/* Database access: MariaDB Connector/C, prepared statements only.
 *
 * Parameters are described by a type string, one letter per '?':
 *   's' const char *   (NULL binds SQL NULL)
 *   'i' int64_t
 *   'd' double
 * Results come back as strings (NULL for SQL NULL), copied into the arena
 * passed in. Statements and results are released with that arena.
 * Each worker has one connection; it reconnects after the server comes
 * back. While the server is down calls return VV_UNAVAILABLE and the core
 * answers 503. */
#ifndef VV_DB_H
#define VV_DB_H

#include <stdint.h>
#include "vv/arena.h"

typedef struct vv_db_res vv_db_res_t;

/* Runs a statement that returns no rows. Returns the number of affected
 * rows (>= 0) or a negative VV_ code: VV_CONFLICT for a duplicate key,
 * VV_UNAVAILABLE when the server is unreachable, VV_ERR otherwise. */
int64_t vv_db_exec(vv_arena_t *a, const char *sql, const char *types, ...);

/* The AUTO_INCREMENT id of the last insert on this connection. */
int64_t vv_db_insert_id(void);

/* Runs a query and buffers all rows. Returns NULL on failure with the code
 * in *err when err is not NULL. The result belongs to the arena. */
vv_db_res_t *vv_db_query(vv_arena_t *a, int *err, const char *sql, const char *types, ...);

/* Advances to the next row: 1 when there is one, 0 at the end. */
int vv_db_next(vv_db_res_t *res);
/* Column col of the current row, NUL-terminated, arena-owned; NULL for SQL NULL. */
const char *vv_db_str(vv_db_res_t *res, unsigned col);
/* Column col as an integer; def for NULL. */
int64_t vv_db_int(vv_db_res_t *res, unsigned col, int64_t def);
/* Number of rows buffered. */
uint64_t vv_db_rows(const vv_db_res_t *res);

/* Runs fn(a, ctx) inside a transaction. Commits when fn returns >= 0,
 * rolls back otherwise. A deadlock (1213, also Galera's certification
 * failure) or lock wait timeout (1205), at any statement or at COMMIT,
 * retries the whole of fn after a small random back-off, a few times.
 * fn must therefore have no effect outside the database. Returns fn's
 * result, or a negative VV_ code. */
int vv_db_tx(vv_arena_t *a, int (*fn)(vv_arena_t *a, void *ctx), void *ctx);

/* 0 when the server answers a ping (reconnecting if needed), else VV_UNAVAILABLE. */
int vv_db_ping(void);

/* Names in lists sort as Finnish and Swedish readers expect, Å, Ä and Ö
 * after Z (the default collation files them under A and O):
 * " ORDER BY last_name" VV_NAME_ORDER ", first_name" VV_NAME_ORDER. */
#define VV_NAME_ORDER " COLLATE utf8mb4_swedish_ci"

#endif
