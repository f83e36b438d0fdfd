/* Database access: MariaDB Connector/C, prepared statements only.
 *
 * Parameters are typed values, one per '?', checked by the compiler:
 *
 *   vv_db_exec(a, "UPDATE users SET name = ? WHERE tenant_id = ? AND id = ?",
 *              VV_DB_ARGS(VV_DB_S(name), VV_DB_I(r->tenant_id), VV_DB_I(id)));
 *   res = vv_db_query(a, &err, "SELECT id FROM users", VV_DB_NONE);
 *
 *   VV_DB_I(x)  any integer type, bound as a signed 64-bit integer; a
 *               pointer or a floating value does not compile
 *   VV_DB_S(s)  const char *, NUL-terminated, bound as text; NULL binds SQL NULL
 *   VV_DB_D(x)  double
 *   VV_DB_NULL  SQL NULL
 * VV_DB_ARGS(...) expands to a compound-literal array and its count (the
 * array lives until the end of the enclosing block, longer than the call);
 * VV_DB_NONE is the empty list. The strings are not copied; they need to
 * stay valid only for the call.
 *
 * Results come back as strings (NULL for SQL NULL), copied into the arena
 * passed in; the typed getters below convert them. Statements and results
 * are released with that arena. Each worker has one connection; it
 * reconnects after the server comes back.
 *
 * The error convention, the same for every call here: a failure is a
 * negative VV_ code, and a caller passes it on unchanged (the core turns
 * VV_UNAVAILABLE into a 503):
 *   VV_UNAVAILABLE  the server is unreachable (or a transaction gave up
 *                   retrying); nothing is known about the data
 *   VV_CONFLICT     a duplicate key
 *   VV_ERR          anything else (bad SQL, wrong parameter count); logged
 *                   here with the SQL, so the caller need not log it again
 * vv_db_exec returns it in place of the affected-row count; vv_db_query
 * returns NULL and stores it in *err (pass &err: a NULL err loses the
 * reason, and with it the 503). "No rows" is never an error: it is a
 * result with vv_db_rows() == 0, so an outage cannot look like "not found".
 * The getters cannot fail: SQL NULL, a row or column that is not there, or
 * text that is not a number of the asked type all give the caller's def. */
#ifndef VV_DB_H
#define VV_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "vv/arena.h"

typedef struct vv_db_res vv_db_res_t;

enum vv_db_type { VV_DB_TNULL, VV_DB_TINT, VV_DB_TDOUBLE, VV_DB_TSTR };

/* One bound parameter; build it with the VV_DB_ macros, not by hand. */
struct vv_db_param {
	enum vv_db_type type;
	union {
		int64_t i;
		double d;
		const char *s; /* not owned */
	} v;
};

/* The prototypes convert: an int, an unsigned or a time_t given to
 * vv_db_i is widened as an assignment would, never read as the wrong
 * type the way a vararg is. */
static inline struct vv_db_param vv_db_i(int64_t x)
{
	return (struct vv_db_param){ .type = VV_DB_TINT, .v.i = x };
}
static inline struct vv_db_param vv_db_d(double x)
{
	return (struct vv_db_param){ .type = VV_DB_TDOUBLE, .v.d = x };
}
static inline struct vv_db_param vv_db_s(const char *s)
{
	return (struct vv_db_param){ .type = s ? VV_DB_TSTR : VV_DB_TNULL, .v.s = s };
}

/* Integers only: without the list a double would be truncated silently
 * (no warning under -Wall -Wextra) and a pointer would only warn. */
#define VV_DB_I(x) _Generic((x), \
	_Bool: vv_db_i, char: vv_db_i, signed char: vv_db_i, unsigned char: vv_db_i, \
	short: vv_db_i, unsigned short: vv_db_i, int: vv_db_i, unsigned: vv_db_i, \
	long: vv_db_i, unsigned long: vv_db_i, long long: vv_db_i, \
	unsigned long long: vv_db_i)(x)
#define VV_DB_D(x) vv_db_d(x)
#define VV_DB_S(s) vv_db_s(s)
#define VV_DB_NULL ((struct vv_db_param){ .type = VV_DB_TNULL })

/* The array is parenthesised so that its commas survive being passed on
 * through another macro; sizeof does not evaluate it a second time. */
#define VV_DB_ARGS(...) ((const struct vv_db_param[]){ __VA_ARGS__ }), \
	(sizeof((const struct vv_db_param[]){ __VA_ARGS__ }) / sizeof(struct vv_db_param))
#define VV_DB_NONE ((const struct vv_db_param *)NULL), ((size_t)0)

/* Runs a statement that returns no rows with the n parameters in p.
 * Returns the number of affected rows (>= 0) or a negative VV_ code. */
int64_t vv_db_exec_args(vv_arena_t *a, const char *sql, const struct vv_db_param *p, size_t n);

/* Runs a query with the n parameters in p and buffers all rows. Returns
 * the result, which belongs to the arena, or NULL with the negative VV_
 * code in *err when err is not NULL. */
vv_db_res_t *vv_db_query_args(vv_arena_t *a, int *err, const char *sql,
			      const struct vv_db_param *p, size_t n);

/* vv_db_exec(a, sql, VV_DB_ARGS(...)) and vv_db_query(a, &err, sql,
 * VV_DB_ARGS(...)): the parameters are typed at the call, so a wrong type
 * is a compile error (the type-string form is gone; tools/db-typed.py
 * converts code written for it). */
#define vv_db_exec(a, sql, ...) vv_db_exec_args(a, sql, __VA_ARGS__)
#define vv_db_query(a, err, sql, ...) vv_db_query_args(a, err, sql, __VA_ARGS__)

/* The AUTO_INCREMENT id of the last insert on this connection. */
int64_t vv_db_insert_id(void);

/* Advances to the next row: 1 when there is one, 0 at the end (the last
 * row then stays current). */
int vv_db_next(vv_db_res_t *res);
/* The getters read column col (0-based) of the current row. Each gives
 * def for SQL NULL, when there is no such cell (res NULL, before the first
 * vv_db_next, col past the last column) and for text that is not a whole
 * value of its type ('12x', '' or 2.5 for an integer). */
/* The text, NUL-terminated, arena-owned; NULL for SQL NULL (its def). */
const char *vv_db_str(vv_db_res_t *res, unsigned col);
/* true when the column is SQL NULL (or there is no such cell). */
bool vv_db_is_null(vv_db_res_t *res, unsigned col);
/* A decimal integer that fits int64_t. */
int64_t vv_db_int(vv_db_res_t *res, unsigned col, int64_t def);
/* An integer: 0 is false, any other integer true (BOOLEAN is TINYINT). */
bool vv_db_bool(vv_db_res_t *res, unsigned col, bool def);
/* A decimal number (DOUBLE, DECIMAL, FLOAT); strtod, so the C locale vvhome runs in. */
double vv_db_double(vv_db_res_t *res, unsigned col, double def);
/* A point in time as seconds since the epoch: either an integer (as from
 * UNIX_TIMESTAMP(), a fraction is dropped) or a DATETIME/TIMESTAMP text
 * 'YYYY-MM-DD HH:MM:SS[.ffffff]', read as UTC, the connection's zone. */
time_t vv_db_time(vv_db_res_t *res, unsigned col, time_t def);
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
