/* Database layer: one MariaDB connection per worker, prepared statements
 * cached by SQL text, results copied into the caller's arena.
 *
 * Why results are copied whole: a vv_db_res_t then holds no pointer into
 * the connection, so a statement can be reused at once (the same query in a
 * nested loop works), and a reconnect that closes every cached statement
 * can never leave an arena cleanup pointing at a freed MYSQL_STMT. The
 * statement's buffered result is therefore released before each call
 * returns, at its one out: label, instead of by an arena cleanup; only
 * statements that do not fit in the cache are closed there too.
 *
 * Connection loss (server restart, Galera node leaving) closes the
 * connection and the statement cache; outside a transaction the statement
 * is retried once on a fresh connection. Inside a transaction the
 * transaction is "doomed": every further statement fails at once without
 * reaching the server, because after a lost connection or a deadlock the
 * server has already rolled back, and running the rest of fn would commit
 * half of it in autocommit mode. vv_db_tx then rolls back and, for 1213 /
 * 1205, runs fn again; also for a connection lost before COMMIT was sent
 * (the server rolled back, nothing of it stays), never for one lost during
 * COMMIT (it may have committed: running fn again could apply it twice).
 *
 * Several servers (a Galera cluster): [db] socket or host may list several,
 * separated by spaces or commas, tried in order on every (re)connect, so a
 * host prefers its own node and moves to the next when that one is away.
 * A worker on a later server tries the earlier ones again every [db]
 * prefer_seconds (default 30) before a statement outside a transaction and
 * moves back when one is ready: otherwise it would stay on its fallback
 * until that connection dropped, and the cluster's load would stay piled
 * on one node after the preferred one came back. Not per request: while
 * the preferred server is away each try costs a refused connect (a socket)
 * or up to [db] connect_timeout (TCP). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <openssl/rand.h>
#include "core.h"
#include "db/migrate.h"
#include "db/result.h"

#define STMT_BUCKETS 64
#define STMT_CACHE_MAX 256  /* distinct SQL texts kept prepared per worker */
/* Under Galera a hot row (an event's seats) makes transactions on
 * different nodes fail certification in turn: with 2 hosts and 200 customers
 * at one event, 5 tries left a customer with a 503 (tests/cluster/race). The
 * back-off grows with the attempt, so 30 tries wait at most ~0.8 s in all. */
#define TX_TRIES 30
#define AUTOCOMMIT_TRIES 10 /* Galera returns 1213 for lone statements too */
#define LOG_QUIET_SECONDS 5

struct stmt_ent {
	char *sql;
	MYSQL_STMT *st;
	struct stmt_ent *next;
};

static MYSQL *conn;
static struct stmt_ent *stmt_cache[STMT_BUCKETS];
static unsigned stmt_count;
static unsigned last_errno;     /* raw server/client error of the last failure */
static int64_t last_insert_id;
static int conn_rank;           /* conn's place in the server list, 0 the first */
static time_t prefer_at;        /* when a worker on a later server tries the earlier ones */
static bool in_tx, tx_doomed, tx_retryable;
static bool committing;         /* COMMIT is in the server's hands */
static bool maybe_applied;      /* the last failed write may have reached the server */
static time_t quiet_until;      /* rate limit for "database unavailable" lines */
static unsigned quiet_dropped;

static bool is_conn_error(unsigned e)
{
	switch (e) {
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_SERVER_LOST_EXTENDED:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	/* Galera: "WSREP has not yet prepared node for application use";
	 * another connection may reach a node that has. */
	case ER_UNKNOWN_COM_ERROR:
		return true;
	default:
		return false;
	}
}

static bool is_retry_error(unsigned e)
{
	return e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT;
}

/* One line per LOG_QUIET_SECONDS while the server is away, so that a
 * flood of requests during an outage does not flood the log. */
static void log_unavailable(const char *what, const char *msg)
{
	time_t now = time(NULL);
	if (now < quiet_until) {
		quiet_dropped++;
		return;
	}
	if (quiet_dropped)
		vv_error("db: %s: %s (%u similar lines suppressed)", what, msg, quiet_dropped);
	else
		vv_error("db: %s: %s", what, msg);
	quiet_dropped = 0;
	quiet_until = now + LOG_QUIET_SECONDS;
}

/* A random wait of 0-5 ms times the attempt (at most 10): random so that
 * two workers that conflicted do not meet again, longer for a transaction
 * that keeps losing. */
static void backoff(int attempt)
{
	unsigned char b[2];
	unsigned us, max = 5000u * (unsigned)(attempt < 1 ? 1 : attempt > 10 ? 10 : attempt);
	if (RAND_bytes(b, sizeof(b)) == 1)
		us = ((unsigned)b[0] << 8 | b[1]) * (max + 1) / 65536u;
	else
		us = (unsigned)random() % (max + 1);
	usleep(us);
}

static void stmt_cache_clear(void)
{
	for (unsigned i = 0; i < STMT_BUCKETS; i++) {
		while (stmt_cache[i]) {
			struct stmt_ent *e = stmt_cache[i];
			stmt_cache[i] = e->next;
			mysql_stmt_close(e->st);
			free(e->sql);
			free(e);
		}
	}
	stmt_count = 0;
}

static void drop_conn(void)
{
	stmt_cache_clear();
	if (conn) {
		mysql_close(conn);
		conn = NULL;
	}
}

/* First line of path into buf (without the newline). 0 or VV_ERR. */
static int read_password_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		vv_error("db: cannot open password_file %s: %s", path, strerror(errno));
		return VV_ERR;
	}
	int rc = VV_OK;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	fclose(f);
	return rc;
}

/* One attempt on one server: socket (when set) or host:port; a failure
 * is logged unless quiet. */
static MYSQL *connect_one(const char *host, const char *sock, long port, const char *user,
			  const char *pw, const char *name, bool quiet)
{
	unsigned ct = (unsigned)vv_conf_int("db", "connect_timeout", 2);
	unsigned rt = (unsigned)vv_conf_int("db", "read_timeout", 10);
	unsigned wt = rt;
	MYSQL *m = mysql_init(NULL);
	if (!m) {
		vv_error("db: mysql_init failed (out of memory)");
		return NULL;
	}
	mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &wt);
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* Times are stored in UTC. The lock wait is kept below the read
	 * timeout so that a long wait ends as a retryable 1205 rather than as
	 * a dropped connection. */
	mysql_options(m, MYSQL_INIT_COMMAND,
		      "SET time_zone = '+00:00', innodb_lock_wait_timeout = 5");
	if (!mysql_real_connect(m, host, user, pw, name, (unsigned)port, sock, 0)) {
		if (!quiet) {
			last_errno = mysql_errno(m);
			log_unavailable(sock ? sock : host ? host : "connect", mysql_error(m));
		}
		mysql_close(m);
		return NULL;
	}
	return m;
}

/* False for a Galera node that is up but not ready for clients
 * (wsrep_ready OFF); true for a ready node and for a server without Galera. */
static bool node_ready(MYSQL *m)
{
	if (mysql_query(m, "SHOW STATUS LIKE 'wsrep_ready'") != 0)
		return false;
	MYSQL_RES *r = mysql_store_result(m);
	if (!r)
		return false;
	MYSQL_ROW row = mysql_fetch_row(r);
	bool ready = !row || !row[1] || strcmp(row[1], "ON") == 0;
	mysql_free_result(r);
	return ready;
}

/* A connection to the first server of the list that answers and is
 * ready, trying only the first limit of them (-1: all); *rank its place.
 * NULL when none does. A quiet try (the return to a preferred server)
 * logs nothing and takes even a last server only when it is ready. */
static MYSQL *connect_first(int limit, bool quiet, int *rank)
{
	const char *host = vv_conf_get("db", "host", NULL);
	const char *sock = vv_conf_get("db", "socket", NULL);
	const char *user = vv_conf_get("db", "user", "vvhome");
	const char *pw = vv_conf_get("db", "password", NULL);
	const char *pwfile = vv_conf_get("db", "password_file", NULL);
	const char *name = vv_conf_get("db", "name", "vvhome");
	long port = vv_conf_int("db", "port", 0);
	char pwbuf[512];
	char list[1024];

	if (sock && !*sock)
		sock = NULL;
	if (host && !*host)
		host = NULL;
	if (!pw && pwfile && *pwfile) {
		if (read_password_file(pwfile, pwbuf, sizeof(pwbuf)) < 0)
			return NULL;
		pw = pwbuf;
	}
	/* The servers to try, in order: the sockets when any, else the hosts
	 * (NULL alone: the client library's default socket). */
	const char *servers = sock ? sock : host;
	snprintf(list, sizeof(list), "%s", servers ? servers : "");
	MYSQL *m = NULL;
	char *save = NULL;
	char *one = strtok_r(list, " ,\t", &save);
	int i = 0;
	do {
		if (limit >= 0 && i >= limit)
			break;
		m = connect_one(sock ? NULL : one, sock ? one : NULL, port, user, pw, name, quiet);
		/* With more to choose from, pass over a Galera node that answers
		 * but does not serve yet (joining, or cut off from the others). */
		const char *next = save && *save ? save : NULL;
		if (m && (next || quiet) && !node_ready(m)) {
			if (!quiet)
				log_unavailable(one, "Galera node not ready, trying the next server");
			mysql_close(m);
			m = NULL;
		}
		if (!m)
			i++;
	} while (!m && one && (one = strtok_r(NULL, " ,\t", &save)));
	explicit_bzero(pwbuf, sizeof(pwbuf));
	*rank = i;
	return m;
}

static int connect_db(void)
{
	int rank = 0;
	MYSQL *m = connect_first(-1, false, &rank);
	if (!m)
		return VV_UNAVAILABLE;
	if (quiet_until) {
		vv_info("db: connected again");
		quiet_until = 0;
		quiet_dropped = 0;
	}
	conn = m;
	conn_rank = rank;
	prefer_at = time(NULL) + vv_conf_int("db", "prefer_seconds", 30);
	return VV_OK;
}

/* On a later server than the first, when prefer_seconds have passed: moves
 * to an earlier one that is ready again. Only between statements outside a
 * transaction (results are copied out, nothing points into the old
 * connection; the statement cache goes with it). */
static void return_to_preferred(void)
{
	if (!conn || conn_rank == 0 || in_tx || committing)
		return;
	long secs = vv_conf_int("db", "prefer_seconds", 30);
	time_t now = time(NULL);
	if (secs <= 0 || now < prefer_at)
		return; /* 0: stay until the connection drops */
	prefer_at = now + secs;
	int rank = 0;
	MYSQL *m = connect_first(conn_rank, true, &rank);
	if (!m)
		return;
	vv_info("db: back on server %d of the list (was on %d)", rank + 1, conn_rank + 1);
	drop_conn();
	conn = m;
	conn_rank = rank;
}

static int ensure_conn(void)
{
	return_to_preferred();
	return conn ? VV_OK : connect_db();
}

static uint32_t hash_sql(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A prepared statement for sql: from the cache, or newly prepared (cached
 * when there is room, else *owned is set and the caller closes it). */
static MYSQL_STMT *stmt_get(const char *sql, bool *owned, char *msg, size_t msgsize)
{
	uint32_t b = hash_sql(sql) % STMT_BUCKETS;
	*owned = false;
	for (struct stmt_ent *e = stmt_cache[b]; e; e = e->next)
		if (strcmp(e->sql, sql) == 0)
			return e->st;
	MYSQL_STMT *st = mysql_stmt_init(conn);
	if (!st) {
		last_errno = mysql_errno(conn);
		snprintf(msg, msgsize, "%s", mysql_error(conn));
		return NULL;
	}
	bool on = true;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql))) {
		/* The caller logs it, with the SQL, through map_error. */
		last_errno = mysql_stmt_errno(st);
		snprintf(msg, msgsize, "%s", mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	struct stmt_ent *e = NULL;
	if (stmt_count < STMT_CACHE_MAX && (e = malloc(sizeof(*e))) && (e->sql = strdup(sql))) {
		e->st = st;
		e->next = stmt_cache[b];
		stmt_cache[b] = e;
		stmt_count++;
	} else {
		free(e);
		*owned = true;
	}
	return st;
}

/* Turns the parameters into MYSQL_BINDs in arena memory, once, so a retry
 * can bind them again. Strings are not copied: the caller keeps them for
 * the call. 0, or VV_ERR for a parameter not made by the VV_DB_ macros. */
static int bind_params(vv_arena_t *a, const struct vv_db_param *p, size_t n, MYSQL_BIND **out)
{
	*out = NULL;
	if (n == 0)
		return VV_OK;
	if (!p || n > UINT_MAX) {
		vv_error("db: %zu parameters without an array", n);
		return VV_ERR;
	}
	MYSQL_BIND *b = vv_calloc(a, n * sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		switch (p[i].type) {
		case VV_DB_TNULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case VV_DB_TSTR:
			if (!p[i].v.s) {
				b[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)(uintptr_t)p[i].v.s;
			b[i].buffer_length = (unsigned long)strlen(p[i].v.s);
			break;
		case VV_DB_TINT: {
			int64_t *v = vv_alloc(a, sizeof(*v));
			*v = p[i].v.i;
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = v;
			break;
		}
		case VV_DB_TDOUBLE: {
			double *v = vv_alloc(a, sizeof(*v));
			*v = p[i].v.d;
			b[i].buffer_type = MYSQL_TYPE_DOUBLE;
			b[i].buffer = v;
			break;
		}
		default:
			vv_error("db: parameter %zu has no type (not made by VV_DB_I/S/D/NULL)", i + 1);
			return VV_ERR;
		}
	}
	*out = b;
	return VV_OK;
}

/* Copies every row of the executed statement into a new result in a. */
static int fetch_all(vv_arena_t *a, MYSQL_STMT *st, vv_db_res_t **out)
{
	int rc = VV_ERR;
	MYSQL_RES *meta = NULL;
	MYSQL_BIND *rb = NULL;
	unsigned long *lens = NULL;
	my_bool *nulls = NULL, *errs = NULL;
	char **bufs = NULL;
	unsigned nc = mysql_stmt_field_count(st);

	if (!out) {
		/* vv_db_exec of something that returned rows: drop them, so
		 * the connection is ready for the next command. */
		if (nc && mysql_stmt_store_result(st)) {
			last_errno = mysql_stmt_errno(st);
			return VV_ERR;
		}
		mysql_stmt_free_result(st);
		return VV_OK;
	}
	vv_db_res_t *res = vv_calloc(a, sizeof(*res));
	res->ncols = nc;
	*out = res;
	if (nc == 0)
		return VV_OK;
	if (mysql_stmt_store_result(st)) {
		last_errno = mysql_stmt_errno(st);
		goto out;
	}
	meta = mysql_stmt_result_metadata(st);
	rb = calloc(nc, sizeof(*rb));
	lens = calloc(nc, sizeof(*lens));
	nulls = calloc(nc, sizeof(*nulls));
	errs = calloc(nc, sizeof(*errs));
	bufs = calloc(nc, sizeof(*bufs));
	if (!meta || !rb || !lens || !nulls || !errs || !bufs)
		goto out;
	MYSQL_FIELD *fields = mysql_fetch_fields(meta);
	for (unsigned c = 0; c < nc; c++) {
		/* max_length is exact for strings; numbers and dates fit in 64. */
		unsigned long size = (fields[c].max_length > 64 ? fields[c].max_length : 64) + 1;
		if (!(bufs[c] = malloc(size)))
			goto out;
		rb[c].buffer_type = MYSQL_TYPE_STRING;
		rb[c].buffer = bufs[c];
		rb[c].buffer_length = size;
		rb[c].length = &lens[c];
		rb[c].is_null = &nulls[c];
		rb[c].error = &errs[c];
	}
	if (mysql_stmt_bind_result(st, rb)) {
		last_errno = mysql_stmt_errno(st);
		goto out;
	}
	uint64_t nr = mysql_stmt_num_rows(st);
	if (nr > SIZE_MAX / sizeof(char *) / nc)
		goto out;
	res->cells = vv_alloc(a, (size_t)(nr * nc) * sizeof(char *));
	uint64_t r = 0;
	for (;;) {
		int f = mysql_stmt_fetch(st);
		if (f == MYSQL_NO_DATA)
			break;
		if (f == 1 || r >= nr) {
			last_errno = mysql_stmt_errno(st);
			goto out;
		}
		for (unsigned c = 0; c < nc; c++) {
			const char **cell = &res->cells[r * nc + c];
			if (nulls[c]) {
				*cell = NULL;
			} else if (lens[c] < rb[c].buffer_length) {
				*cell = vv_strndup(a, bufs[c], lens[c]);
			} else {
				/* Truncated (f == MYSQL_DATA_TRUNCATED): fetch the
				 * whole value straight into the arena. */
				char *v = vv_alloc(a, (size_t)lens[c] + 1);
				MYSQL_BIND one = {0};
				unsigned long l = 0;
				one.buffer_type = MYSQL_TYPE_STRING;
				one.buffer = v;
				one.buffer_length = lens[c] + 1;
				one.length = &l;
				if (mysql_stmt_fetch_column(st, &one, c, 0)) {
					last_errno = mysql_stmt_errno(st);
					goto out;
				}
				v[l < lens[c] ? l : lens[c]] = '\0';
				*cell = v;
			}
		}
		r++;
	}
	res->nrows = r;
	rc = VV_OK;
out:
	if (bufs)
		for (unsigned c = 0; c < nc; c++)
			free(bufs[c]);
	free(bufs);
	free(errs);
	free(nulls);
	free(lens);
	free(rb);
	if (meta)
		mysql_free_result(meta);
	mysql_stmt_free_result(st);
	return rc;
}

/* Maps the raw error in last_errno to a VV_ code, dooming an open
 * transaction when the server has rolled it back. */
static int map_error(const char *what, const char *msg, const char *sql)
{
	unsigned e = last_errno;
	if (in_tx && (is_retry_error(e) || is_conn_error(e))) {
		tx_doomed = true;
		tx_retryable = tx_retryable || is_retry_error(e) || (is_conn_error(e) && !committing);
	}
	if (is_conn_error(e)) {
		drop_conn();
		log_unavailable(what, msg);
		return VV_UNAVAILABLE;
	}
	if (e == ER_DUP_ENTRY || e == ER_DUP_ENTRY_WITH_KEY_NAME)
		return VV_CONFLICT;
	if (is_retry_error(e)) {
		vv_info("db: %s: %s (will retry)", what, msg);
		return VV_ERR;
	}
	vv_error("db: %s: %u %s [%s]", what, e, msg, sql);
	return VV_ERR;
}

/* Runs sql once with params on the current connection; the rows go to
 * *res when res is not NULL. Returns affected rows or a VV_ code. */
static int64_t run_once(vv_arena_t *a, const char *sql, MYSQL_BIND *params, unsigned np,
			vv_db_res_t **res)
{
	bool owned = false, server_err = false;
	int64_t rc = VV_ERR;
	char msg[512] = "";
	MYSQL_STMT *st = stmt_get(sql, &owned, msg, sizeof(msg));
	if (!st)
		return map_error("prepare", msg, sql);
	if (mysql_stmt_param_count(st) != np) {
		vv_error("db: %u parameters given for %lu placeholders [%s]", np,
			 mysql_stmt_param_count(st), sql);
		last_errno = 0;
		goto out;
	}
	if ((np && mysql_stmt_bind_param(st, params)) || mysql_stmt_execute(st)) {
		last_errno = mysql_stmt_errno(st);
		/* Lost while the server had the statement: a write may have
		 * committed, so running it again could apply it twice. */
		maybe_applied = mysql_stmt_field_count(st) == 0 &&
				(last_errno == CR_SERVER_LOST || last_errno == CR_SERVER_LOST_EXTENDED);
		snprintf(msg, sizeof(msg), "%s", mysql_stmt_error(st));
		server_err = true;
		goto out;
	}
	if (fetch_all(a, st, res) < 0) {
		snprintf(msg, sizeof(msg), "%s", mysql_stmt_error(st));
		server_err = true;
		goto out;
	}
	/* Like mysql_insert_id: set by every write, kept across reads. */
	if (mysql_stmt_field_count(st) == 0)
		last_insert_id = (int64_t)mysql_stmt_insert_id(st);
	my_ulonglong aff = mysql_stmt_affected_rows(st);
	rc = (aff == (my_ulonglong)-1) ? 0 : (int64_t)aff;
	last_errno = 0;
out:
	if (owned)
		mysql_stmt_close(st);
	else if (rc < 0)
		mysql_stmt_reset(st);
	if (server_err)
		return map_error("execute", msg[0] ? msg : "out of memory", sql);
	return rc;
}

/* The retry policy shared by exec and query: a lost connection is retried
 * once on a fresh one (unless a write was already in the server's hands:
 * then the caller gets VV_UNAVAILABLE rather than a possible double
 * insert), a lone statement's deadlock (Galera certification) a few
 * times; neither inside a transaction, which vv_db_tx retries whole. */
static int64_t run(vv_arena_t *a, const char *sql, MYSQL_BIND *params, unsigned np,
		   vv_db_res_t **res)
{
	int conn_tries = 0, dl_tries = 0;
	if (in_tx && tx_doomed)
		return VV_ERR;
	for (;;) {
		maybe_applied = false;
		int64_t rc = in_tx && !conn ? VV_UNAVAILABLE : ensure_conn();
		if (rc < 0)
			return rc;
		rc = run_once(a, sql, params, np, res);
		if (rc >= 0 || in_tx)
			return rc;
		if (is_conn_error(last_errno) && !maybe_applied && ++conn_tries < 2)
			continue;
		/* Only deadlocks: a lock wait has already waited long enough. */
		if (last_errno == ER_LOCK_DEADLOCK && ++dl_tries < AUTOCOMMIT_TRIES) {
			backoff(dl_tries);
			continue;
		}
		return rc;
	}
}

int vv_db_init(void)
{
	/* random() backs RAND_bytes up for the back-off; seeded per process
	 * so that forked workers do not retry in lockstep. */
	srandom((unsigned)time(NULL) ^ (unsigned)getpid() * 2654435761u);
	if (mysql_library_init(0, NULL, NULL)) {
		vv_error("db: cannot initialise the client library");
		return VV_ERR;
	}
	const char *s = vv_conf_get("db", "socket", NULL);
	const char *h = vv_conf_get("db", "host", NULL);
	if ((!s || !*s) && (!h || !*h))
		vv_warn("db: neither [db] socket nor host set; using the client default socket");
	return VV_OK;
}

void vv_db_fini(void)
{
	drop_conn();
	in_tx = tx_doomed = tx_retryable = false;
	mysql_library_end();
}

int64_t vv_db_exec_args(vv_arena_t *a, const char *sql, const struct vv_db_param *p, size_t n)
{
	MYSQL_BIND *params;
	int rc = bind_params(a, p, n, &params);
	if (rc < 0)
		return rc;
	return run(a, sql, params, (unsigned)n, NULL);
}

int64_t vv_db_insert_id(void)
{
	return last_insert_id;
}

vv_db_res_t *vv_db_query_args(vv_arena_t *a, int *err, const char *sql,
			      const struct vv_db_param *p, size_t n)
{
	MYSQL_BIND *params;
	vv_db_res_t *res = NULL;
	int64_t rc = bind_params(a, p, n, &params);
	if (rc >= 0)
		rc = run(a, sql, params, (unsigned)n, &res);
	if (rc < 0) {
		if (err)
			*err = (int)rc;
		return NULL;
	}
	if (err)
		*err = VV_OK;
	return res;
}

int vv_db_exec_trusted(const char *sql, size_t len)
{
	for (int tries = 0; tries < 2; tries++) {
		int rc = ensure_conn();
		if (rc < 0)
			return rc;
		/* Not user text: the caller passes statements from the installed
		 * schema directory, which prepared statements cannot run as a
		 * whole file. */
		if (mysql_real_query(conn, sql, (unsigned long)len) == 0) {
			MYSQL_RES *r = mysql_store_result(conn);
			if (r)
				mysql_free_result(r);
			last_errno = 0;
			return VV_OK;
		}
		last_errno = mysql_errno(conn);
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", mysql_error(conn));
		bool again = is_conn_error(last_errno) && !in_tx;
		int e = map_error("query", msg, "(schema statement)");
		if (!again)
			return e;
	}
	return VV_UNAVAILABLE;
}

static int end_tx(vv_arena_t *a, const char *sql)
{
	/* COMMIT/ROLLBACK run even when doomed, so clear the flag for them. */
	bool doomed = tx_doomed;
	tx_doomed = false;
	committing = strcmp(sql, "COMMIT") == 0;
	int64_t rc = run(a, sql, NULL, 0, NULL);
	committing = false;
	tx_doomed = tx_doomed || doomed;
	return rc < 0 ? (int)rc : VV_OK;
}

int vv_db_tx(vv_arena_t *a, int (*fn)(vv_arena_t *a, void *ctx), void *ctx)
{
	/* Nested: becomes part of the outer transaction, which retries whole. */
	if (in_tx)
		return tx_doomed ? VV_ERR : fn(a, ctx);
	for (int attempt = 1;; attempt++) {
		int64_t s = run(a, "START TRANSACTION", NULL, 0, NULL);
		if (s < 0)
			return (int)s;
		in_tx = true;
		tx_doomed = tx_retryable = false;
		int r = fn(a, ctx);
		int c = VV_OK;
		if (r >= 0 && !tx_doomed)
			c = end_tx(a, "COMMIT");
		if (r >= 0 && !tx_doomed && c == VV_OK) {
			in_tx = false;
			return r;
		}
		if (conn)
			end_tx(a, "ROLLBACK");
		bool retry = tx_retryable;
		in_tx = tx_doomed = tx_retryable = false;
		if (!retry)
			return r < 0 ? r : (c < 0 ? c : VV_UNAVAILABLE);
		if (attempt >= TX_TRIES) {
			vv_warn("db: transaction gave up after %d deadlocks/lock waits", attempt);
			return VV_UNAVAILABLE;
		}
		backoff(attempt);
	}
}

int vv_db_ping(void)
{
	for (int tries = 0; tries < 2; tries++) {
		if (ensure_conn() < 0)
			return VV_UNAVAILABLE;
		if (mysql_ping(conn) == 0)
			return VV_OK;
		last_errno = mysql_errno(conn);
		log_unavailable("ping", mysql_error(conn));
		drop_conn();
	}
	return VV_UNAVAILABLE;
}
