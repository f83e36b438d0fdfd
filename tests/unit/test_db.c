/* Database layer, migrations and reconnects, against a real private MariaDB.
 *
 * How to run (from the repository root):
 *   sh tests/stack/mariadb.sh start /tmp/vvdb
 *   VV_TEST_DB_DIR=/tmp/vvdb build/test/tests/test_db
 * VV_TEST_DB_DIR is the DIR given to tests/stack/mariadb.sh: the test
 * connects to DIR/mysqld.sock as vvhome with the password in
 * DIR/db.password, and restarts that server with the same script (path in
 * VV_TEST_MARIADB_SH, default tests/stack/mariadb.sh) to test reconnects.
 * Without VV_TEST_DB_DIR the test fails: a skipped database test would
 * hide exactly the breakage it exists to catch.
 * It uses the vvhome database: tables t_db_* (dropped and re-created) and
 * the migrations in ./schema (VV_TEST_SCHEMA_DIR to override). */
#include <check.h>
#include <stdint.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <mysql.h>
#include "core.h"
#include "db/migrate.h"

static const char *db_dir;
static char sock_path[1024], pw_path[1024];
static vv_arena_t *A;

static void setup(void)
{
	vv_conf_set("db", "socket", sock_path);
	vv_conf_set("db", "password_file", pw_path);
	vv_conf_set("db", "user", "vvhome");
	vv_conf_set("db", "name", "vvhome");
	ck_assert_int_eq(vv_db_init(), 0);
	A = vv_arena_create();
	ck_assert_ptr_nonnull(A);
}

static void teardown(void)
{
	vv_arena_destroy(A);
	vv_db_fini();
	vv_conf_free();
}

static void must_exec(const char *sql)
{
	int64_t rc = vv_db_exec(A, sql, VV_DB_NONE);
	ck_assert_msg(rc >= 0, "%s -> %lld", sql, (long long)rc);
}

static int64_t count(const char *sql)
{
	int err;
	vv_db_res_t *r = vv_db_query(A, &err, sql, VV_DB_NONE);
	ck_assert_msg(r != NULL, "%s -> %d", sql, err);
	ck_assert(vv_db_next(r));
	return vv_db_int(r, 0, -1);
}

START_TEST(test_round_trip)
{
	must_exec("DROP TABLE IF EXISTS t_db_rt");
	must_exec("CREATE TABLE t_db_rt (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
		  " s VARCHAR(100) NULL, n BIGINT NULL, x DOUBLE NULL, big TEXT NULL)"
		  " DEFAULT CHARSET=utf8mb4");
	const char *utf = "Hyvää päivää — 日本 🎥";
	int64_t rc = vv_db_exec(A, "INSERT INTO t_db_rt (s, n, x) VALUES (?, ?, ?)",
				VV_DB_ARGS(VV_DB_S(utf), VV_DB_I((int64_t)-9007199254740993LL),
					   VV_DB_D(2.5)));
	ck_assert_int_eq(rc, 1);
	int64_t id1 = vv_db_insert_id();
	ck_assert_int_gt(id1, 0);
	rc = vv_db_exec(A, "INSERT INTO t_db_rt (s, n) VALUES (?, ?)",
			VV_DB_ARGS(VV_DB_NULL, VV_DB_I(7)));
	ck_assert_int_eq(rc, 1);
	ck_assert_int_gt(vv_db_insert_id(), id1);

	/* A value longer than any first guess of the buffer size. */
	char big[20001];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(vv_db_exec(A, "UPDATE t_db_rt SET big = ? WHERE id = ?",
				    VV_DB_ARGS(VV_DB_S(big), VV_DB_I(id1))), 1);

	int err = 1;
	vv_db_res_t *r = vv_db_query(A, &err, "SELECT s, n, x, big, id FROM t_db_rt ORDER BY id",
				     VV_DB_NONE);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_eq(vv_db_rows(r), 2);
	ck_assert_ptr_null(vv_db_str(r, 0)); /* before the first row */
	ck_assert(vv_db_next(r));
	ck_assert_str_eq(vv_db_str(r, 0), utf);
	ck_assert_int_eq(vv_db_int(r, 1, 0), -9007199254740993LL);
	ck_assert_str_eq(vv_db_str(r, 2), "2.5");
	ck_assert_str_eq(vv_db_str(r, 3), big);
	ck_assert_int_eq(vv_db_int(r, 4, 0), id1);
	ck_assert(vv_db_next(r));
	ck_assert_ptr_null(vv_db_str(r, 0));
	ck_assert_int_eq(vv_db_int(r, 0, -42), -42);
	ck_assert_int_eq(vv_db_int(r, 1, 0), 7);
	ck_assert_ptr_null(vv_db_str(r, 9)); /* no such column */
	ck_assert(!vv_db_next(r));

	/* Same statement again (cached), with a parameter; empty result. */
	r = vv_db_query(A, &err, "SELECT s FROM t_db_rt WHERE n = ?", VV_DB_ARGS(VV_DB_I(12345)));
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(vv_db_rows(r), 0);
	ck_assert(!vv_db_next(r));

	/* A read keeps the last insert id. */
	ck_assert_int_eq(vv_db_exec(A, "INSERT INTO t_db_rt (s) VALUES (?)",
				    VV_DB_ARGS(VV_DB_S("x"))), 1);
	int64_t id3 = vv_db_insert_id();
	ck_assert_int_gt(id3, id1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_rt"), 3);
	ck_assert_int_eq(vv_db_insert_id(), id3);

	/* Times come back in UTC. */
	r = vv_db_query(A, &err, "SELECT @@session.time_zone", VV_DB_NONE);
	ck_assert_ptr_nonnull(r);
	ck_assert(vv_db_next(r));
	ck_assert_str_eq(vv_db_str(r, 0), "+00:00");
}
END_TEST

START_TEST(test_bad_input)
{
	int err = 0;
	/* The parameters must match the placeholders. */
	ck_assert_int_eq(vv_db_exec(A, "SELECT ?, ?", VV_DB_ARGS(VV_DB_S("a"))), VV_ERR);
	ck_assert_ptr_null(vv_db_query(A, &err, "SELECT ?", VV_DB_NONE));
	ck_assert_int_eq(err, VV_ERR);
	ck_assert_int_eq(vv_db_exec(A, "SELEKT nonsense", VV_DB_NONE), VV_ERR);
	/* The connection is still fine afterwards. */
	ck_assert_int_eq(count("SELECT 41 + 1"), 42);
}
END_TEST

START_TEST(test_duplicate)
{
	must_exec("DROP TABLE IF EXISTS t_db_dup");
	must_exec("CREATE TABLE t_db_dup (k VARCHAR(20) PRIMARY KEY)");
	ck_assert_int_eq(vv_db_exec(A, "INSERT INTO t_db_dup VALUES (?)",
				    VV_DB_ARGS(VV_DB_S("a"))), 1);
	ck_assert_int_eq(vv_db_exec(A, "INSERT INTO t_db_dup VALUES (?)",
				    VV_DB_ARGS(VV_DB_S("a"))), VV_CONFLICT);
	ck_assert_int_eq(vv_db_exec(A, "INSERT INTO t_db_dup VALUES (?)",
				    VV_DB_ARGS(VV_DB_S("b"))), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_dup"), 2);
}
END_TEST

/* The typed parameters: each VV_DB_ macro binds its value exactly, and an
 * int or unsigned is widened by the prototype (as a vararg read as
 * int64_t it was undefined behaviour). */
START_TEST(test_typed_binding)
{
	must_exec("DROP TABLE IF EXISTS t_db_ty");
	must_exec("CREATE TABLE t_db_ty (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
		  " s VARCHAR(100) NULL, n BIGINT NULL, x DOUBLE NULL)"
		  " DEFAULT CHARSET=utf8mb4");
	/* Four-byte UTF-8, a quote, a backslash and a '?' that is no placeholder. */
	const char *utf = "Åsa O'Brien \\ ? Hyvää päivää — 日本 🎥";
	int small = -1;
	unsigned big = 4000000000u;
	const char *none = NULL;
	const char *sql = "INSERT INTO t_db_ty (s, n, x) VALUES (?, ?, ?)";
	ck_assert_int_eq(vv_db_exec(A, sql, VV_DB_ARGS(VV_DB_S(utf), VV_DB_I(INT64_MIN), VV_DB_D(0.1))),
			 1);
	ck_assert_int_eq(vv_db_exec(A, sql, VV_DB_ARGS(VV_DB_S(""), VV_DB_I(INT64_MAX), VV_DB_D(-1e300))),
			 1);
	ck_assert_int_eq(vv_db_exec(A, sql, VV_DB_ARGS(VV_DB_NULL, VV_DB_NULL, VV_DB_NULL)), 1);
	ck_assert_int_eq(vv_db_exec(A, sql, VV_DB_ARGS(VV_DB_S(none), VV_DB_I(small), VV_DB_D(small))),
			 1);
	ck_assert_int_eq(vv_db_exec(A, sql, VV_DB_ARGS(VV_DB_S("b"), VV_DB_I(big), VV_DB_D(2.5))), 1);

	int err = 1;
	vv_db_res_t *r = vv_db_query(A, &err, "SELECT s, n, x FROM t_db_ty ORDER BY id", VV_DB_NONE);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_eq(vv_db_rows(r), 5);
	ck_assert(vv_db_next(r));
	ck_assert_str_eq(vv_db_str(r, 0), utf);
	ck_assert(vv_db_int(r, 1, 0) == INT64_MIN);
	ck_assert(vv_db_double(r, 2, 0) == 0.1);
	ck_assert(vv_db_next(r));
	ck_assert_str_eq(vv_db_str(r, 0), ""); /* empty text is not NULL */
	ck_assert(!vv_db_is_null(r, 0));
	ck_assert(vv_db_int(r, 1, 0) == INT64_MAX);
	ck_assert(vv_db_double(r, 2, 0) == -1e300);
	ck_assert(vv_db_next(r));
	for (unsigned c = 0; c < 3; c++)
		ck_assert(vv_db_is_null(r, c));
	ck_assert(vv_db_next(r));
	ck_assert(vv_db_is_null(r, 0)); /* VV_DB_S(NULL) binds SQL NULL */
	ck_assert_int_eq(vv_db_int(r, 1, 0), -1);
	ck_assert(vv_db_double(r, 2, 0) == -1.0);
	ck_assert(vv_db_next(r));
	ck_assert_int_eq(vv_db_int(r, 1, 0), 4000000000LL);
	ck_assert(!vv_db_next(r));

	/* A parameter comes back as it went in, and selects by value. */
	r = vv_db_query(A, &err, "SELECT ?, ? + 1, id FROM t_db_ty WHERE s = ? AND n = ?",
			VV_DB_ARGS(VV_DB_S(utf), VV_DB_I(INT64_MAX - 1), VV_DB_S(utf), VV_DB_I(INT64_MIN)));
	ck_assert_ptr_nonnull(r);
	ck_assert(vv_db_next(r));
	ck_assert_str_eq(vv_db_str(r, 0), utf);
	ck_assert(vv_db_int(r, 1, 0) == INT64_MAX);
	ck_assert(!vv_db_next(r));

	/* The same error convention as the deprecated form. */
	ck_assert_int_eq(vv_db_exec(A, "SELECT ?, ?", VV_DB_ARGS(VV_DB_I(1))), VV_ERR);
	ck_assert_int_eq(vv_db_exec(A, "SELECT ?", VV_DB_NONE), VV_ERR);
	struct vv_db_param junk = { .type = (enum vv_db_type)99 };
	ck_assert_int_eq(vv_db_exec_args(A, "SELECT ?", &junk, 1), VV_ERR);
	ck_assert_ptr_null(vv_db_query(A, &err, "SELECT ?", VV_DB_ARGS(VV_DB_NULL, VV_DB_NULL)));
	ck_assert_int_eq(err, VV_ERR);
	must_exec("CREATE UNIQUE INDEX t_db_ty_s ON t_db_ty (s)");
	ck_assert_int_eq(vv_db_exec(A, "INSERT INTO t_db_ty (s) VALUES (?)", VV_DB_ARGS(VV_DB_S("b"))),
			 VV_CONFLICT);
	ck_assert_int_eq(count("SELECT 41 + 1"), 42);
}
END_TEST

/* Every getter gives the caller's default for SQL NULL, for text that is
 * not its type, and outside the result; and reads what it should. */
START_TEST(test_getters)
{
	int err;
	vv_db_res_t *r = vv_db_query(A, &err,
		"SELECT NULL, 'abc', '0', '2', 2.5, 1774746000,"
		" CAST('2026-03-29 01:00:00' AS DATETIME), CAST('1999-12-31 23:59:59.250000' AS DATETIME(6)),"
		" UNIX_TIMESTAMP(CAST('2026-03-29 01:00:00.5' AS DATETIME(6))), '12x', ''",
		VV_DB_NONE);
	ck_assert_ptr_nonnull(r);

	/* No current row yet: defaults. */
	ck_assert_ptr_null(vv_db_str(r, 2));
	ck_assert(vv_db_is_null(r, 2));
	ck_assert_int_eq(vv_db_int(r, 2, 77), 77);
	ck_assert(vv_db_bool(r, 2, true));
	ck_assert(vv_db_double(r, 4, -3.0) == -3.0);
	ck_assert_int_eq(vv_db_time(r, 5, 9), 9);

	ck_assert(vv_db_next(r));
	/* SQL NULL */
	ck_assert_ptr_null(vv_db_str(r, 0));
	ck_assert(vv_db_is_null(r, 0));
	ck_assert_int_eq(vv_db_int(r, 0, -5), -5);
	ck_assert(vv_db_bool(r, 0, true));
	ck_assert(!vv_db_bool(r, 0, false));
	ck_assert(vv_db_double(r, 0, 1.5) == 1.5);
	ck_assert_int_eq(vv_db_time(r, 0, 123), 123);
	/* Not a number */
	ck_assert_int_eq(vv_db_int(r, 1, -5), -5);
	ck_assert(vv_db_bool(r, 1, true) && !vv_db_bool(r, 1, false));
	ck_assert(vv_db_double(r, 1, 1.5) == 1.5);
	ck_assert_int_eq(vv_db_time(r, 1, 123), 123);
	ck_assert_int_eq(vv_db_int(r, 9, -5), -5);     /* '12x' */
	ck_assert(vv_db_double(r, 9, 1.5) == 1.5);
	ck_assert_int_eq(vv_db_int(r, 10, -5), -5);    /* '' */
	ck_assert(vv_db_bool(r, 10, true));
	/* Booleans */
	ck_assert(!vv_db_bool(r, 2, true));
	ck_assert(vv_db_bool(r, 3, false));
	ck_assert(vv_db_bool(r, 5, false));
	/* Numbers */
	ck_assert(vv_db_double(r, 4, 0) == 2.5);
	ck_assert(vv_db_double(r, 3, 0) == 2.0);
	ck_assert_int_eq(vv_db_int(r, 4, -5), -5);     /* 2.5 is not an integer */
	/* Times: integer seconds, DATETIME text in UTC, a fraction dropped */
	ck_assert_int_eq(vv_db_time(r, 5, 0), 1774746000);
	ck_assert_int_eq(vv_db_time(r, 6, 0), 1774746000);
	ck_assert_int_eq(vv_db_time(r, 7, 0), 946684799);
	ck_assert_int_eq(vv_db_time(r, 8, 0), 1774746000);
	/* No such column */
	ck_assert_ptr_null(vv_db_str(r, 11));
	ck_assert(vv_db_is_null(r, 11));
	ck_assert_int_eq(vv_db_int(r, 11, 4), 4);
	ck_assert(vv_db_bool(r, 11, true));
	ck_assert(vv_db_double(r, 11, 4.5) == 4.5);
	ck_assert_int_eq(vv_db_time(r, 11, 4), 4);

	ck_assert(!vv_db_next(r));
	/* A failed query's NULL result reads as defaults too. */
	ck_assert_int_eq(vv_db_int(NULL, 0, 6), 6);
	ck_assert(!vv_db_bool(NULL, 0, false));
}
END_TEST

static int tx_insert(vv_arena_t *a, void *ctx)
{
	int fail = *(int *)ctx;
	if (vv_db_exec(a, "INSERT INTO t_db_tx VALUES (?)", VV_DB_ARGS(VV_DB_I(1))) < 0)
		return VV_ERR;
	if (vv_db_exec(a, "INSERT INTO t_db_tx VALUES (?)", VV_DB_ARGS(VV_DB_I(2))) < 0)
		return VV_ERR;
	return fail ? VV_INVALID : 7;
}

START_TEST(test_tx_commit_rollback)
{
	must_exec("DROP TABLE IF EXISTS t_db_tx");
	must_exec("CREATE TABLE t_db_tx (id INT PRIMARY KEY) ENGINE=InnoDB");
	int fail = 1;
	ck_assert_int_eq(vv_db_tx(A, tx_insert, &fail), VV_INVALID);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_tx"), 0);
	fail = 0;
	ck_assert_int_eq(vv_db_tx(A, tx_insert, &fail), 7);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_tx"), 2);
	/* A duplicate inside fn rolls the whole transaction back. */
	ck_assert_int_eq(vv_db_tx(A, tx_insert, &fail), VV_ERR);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_tx"), 2);
	/* Autocommit is back on after vv_db_tx. */
	must_exec("INSERT INTO t_db_tx VALUES (3)");
	ck_assert_int_eq(count("SELECT @@in_transaction"), 0);
}
END_TEST

/* The deadlock: the parent's transaction locks row 1 then row 2; a child
 * process, on its own connection, locks row 2 then row 1. The child first
 * writes 30 rows elsewhere so that InnoDB, which rolls back the smaller
 * transaction, picks the parent as the victim; vv_db_tx must then retry. */
struct dl_ctx {
	int to_child[2], to_parent[2];
	int calls;
};

static MYSQL *raw_connect(void)
{
	char pw[256] = "";
	FILE *f = fopen(pw_path, "r");
	if (f) {
		if (!fgets(pw, sizeof(pw), f))
			pw[0] = '\0';
		fclose(f);
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	MYSQL *m = mysql_init(NULL);
	if (m && !mysql_real_connect(m, NULL, "vvhome", pw, "vvhome", 0, sock_path, 0)) {
		mysql_close(m);
		return NULL;
	}
	return m;
}

static void child_run(struct dl_ctx *c)
{
	char b;
	MYSQL *m = raw_connect();
	if (!m)
		_exit(10);
	if (mysql_query(m, "START TRANSACTION"))
		_exit(11);
	/* Thirty rows in one constant statement: the pad makes this the
	 * larger transaction, so that the server picks the other as the victim. */
	if (mysql_query(m, "INSERT INTO t_db_pad SELECT seq FROM seq_0_to_29"))
		_exit(12);
	if (mysql_query(m, "UPDATE t_db_dl SET v = v + 1 WHERE id = 2"))
		_exit(13);
	if (write(c->to_parent[1], "c", 1) != 1 || read(c->to_child[0], &b, 1) != 1)
		_exit(14);
	if (mysql_query(m, "UPDATE t_db_dl SET v = v + 1 WHERE id = 1"))
		_exit(20 + (int)(mysql_errno(m) % 50));
	if (mysql_query(m, "COMMIT"))
		_exit(15);
	mysql_close(m);
	_exit(0);
}

static int dl_fn(vv_arena_t *a, void *ctx)
{
	struct dl_ctx *c = ctx;
	char b;
	c->calls++;
	if (vv_db_exec(a, "UPDATE t_db_dl SET v = v + 1 WHERE id = ?", VV_DB_ARGS(VV_DB_I(1))) < 0)
		return VV_ERR;
	if (c->calls == 1) {
		if (read(c->to_parent[0], &b, 1) != 1 || write(c->to_child[1], "p", 1) != 1)
			return VV_INVALID;
		/* Let the child reach its wait for row 1 first, so the cycle
		 * is closed by this statement and detected here or there. */
		usleep(100 * 1000);
	}
	int64_t rc = vv_db_exec(a, "UPDATE t_db_dl SET v = v + 1 WHERE id = ?",
				VV_DB_ARGS(VV_DB_I(2)));
	/* Written even after the deadlock, as careless code would: the
	 * server has rolled back already, so this must not run in
	 * autocommit mode and survive the retry. */
	vv_db_exec(a, "INSERT INTO t_db_mark VALUES (?)", VV_DB_ARGS(VV_DB_I(c->calls)));
	return rc < 0 ? VV_ERR : 0;
}

START_TEST(test_deadlock_retry)
{
	must_exec("DROP TABLE IF EXISTS t_db_dl");
	must_exec("DROP TABLE IF EXISTS t_db_pad");
	must_exec("DROP TABLE IF EXISTS t_db_mark");
	must_exec("CREATE TABLE t_db_mark (id INT PRIMARY KEY) ENGINE=InnoDB");
	must_exec("CREATE TABLE t_db_dl (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB");
	must_exec("CREATE TABLE t_db_pad (id INT PRIMARY KEY) ENGINE=InnoDB");
	must_exec("INSERT INTO t_db_dl VALUES (1, 0), (2, 0)");

	struct dl_ctx c = {.calls = 0};
	ck_assert_int_eq(pipe(c.to_child), 0);
	ck_assert_int_eq(pipe(c.to_parent), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		child_run(&c);
	int rc = vv_db_tx(A, dl_fn, &c);
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child exit %d",
		      WEXITSTATUS(status));
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(c.calls, 2); /* deadlocked once, then committed */
	/* Both transactions' updates are there, the parent's exactly once. */
	ck_assert_int_eq(count("SELECT v FROM t_db_dl WHERE id = 1"), 2);
	ck_assert_int_eq(count("SELECT v FROM t_db_dl WHERE id = 2"), 2);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_pad"), 30);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_mark"), 1);
	ck_assert_int_eq(count("SELECT id FROM t_db_mark"), 2);
	close(c.to_child[0]);
	close(c.to_child[1]);
	close(c.to_parent[0]);
	close(c.to_parent[1]);
}
END_TEST

static const char *schema_dir(void)
{
	const char *d = getenv("VV_TEST_SCHEMA_DIR");
	return d && *d ? d : "schema";
}

START_TEST(test_migrate_twice)
{
	int n1 = vv_migrate(schema_dir(), A);
	ck_assert_int_ge(n1, 0);
	int64_t rows = count("SELECT COUNT(*) FROM schema_migrations");
	ck_assert_int_ge(rows, 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 1"
			       " AND name = 'core'"), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM information_schema.tables WHERE"
			       " table_schema = 'vvhome' AND table_name IN ('tenants', 'audit_log')"),
			 2);
	ck_assert_int_eq(vv_migrate(schema_dir(), A), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM schema_migrations"), rows);
}
END_TEST

/* A private schema directory: order, splitting, comments, and a failing
 * file that stays unrecorded. Versions 9001+ keep clear of real ones. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_migrate_files)
{
	char dir[] = "/tmp/vv_test_migrate_XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	must_exec("DROP TABLE IF EXISTS t_db_mig");
	vv_db_exec(A, "DELETE FROM schema_migrations WHERE version >= 9001", VV_DB_NONE);
	/* 9002 depends on 9001: applied in numeric order, not readdir order. */
	write_file(dir, "9002_fill.sql",
		   "-- a comment; with a semicolon\n"
		   "INSERT INTO t_db_mig (id, s) VALUES (1, 'a;b');\n"
		   "INSERT INTO t_db_mig (id, s)\n  VALUES (2, 'c');   \n"
		   "# trailing comment only\n");
	write_file(dir, "9001_make.sql",
		   "CREATE TABLE t_db_mig (id INT PRIMARY KEY, s VARCHAR(10));\n");
	write_file(dir, "README", "not a migration");
	ck_assert_int_eq(vv_migrate(dir, A), 2);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_mig"), 2);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_db_mig WHERE s = 'a;b'"), 1);

	write_file(dir, "9003_bad.sql", "INSERT INTO no_such_table VALUES (1);\n");
	ck_assert_int_lt(vv_migrate(dir, A), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 9003"), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM schema_migrations WHERE version >= 9001"), 2);

	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	vv_db_exec(A, "DELETE FROM schema_migrations WHERE version >= 9001", VV_DB_NONE);
	must_exec("DROP TABLE t_db_mig");
}
END_TEST

static int server_ctl(const char *what)
{
	const char *script = getenv("VV_TEST_MARIADB_SH");
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "sh '%s' %s '%s' >/dev/null",
		 script && *script ? script : "tests/stack/mariadb.sh", what, db_dir);
	return system(cmd);
}

static int tx_noop(vv_arena_t *a, void *ctx)
{
	(void)ctx;
	return vv_db_exec(a, "SELECT 1", VV_DB_NONE) < 0 ? VV_ERR : 0;
}

START_TEST(test_reconnect)
{
	ck_assert_int_eq(vv_db_ping(), 0);
	ck_assert_int_eq(count("SELECT 1"), 1); /* prepares and caches a statement */

	ck_assert_int_eq(server_ctl("stop"), 0);
	ck_assert_int_eq(vv_db_exec(A, "SELECT 1", VV_DB_NONE), VV_UNAVAILABLE);
	ck_assert_int_eq(vv_db_ping(), VV_UNAVAILABLE);
	ck_assert_int_eq(vv_db_tx(A, tx_noop, NULL), VV_UNAVAILABLE);
	ck_assert_int_eq(server_ctl("start"), 0);
	/* First call after the restart succeeds. */
	ck_assert_int_eq(count("SELECT 1"), 1);

	/* Restart again while connected: the stale connection is noticed
	 * and the statement retried on a fresh one. */
	ck_assert_int_eq(server_ctl("stop"), 0);
	ck_assert_int_eq(server_ctl("start"), 0);
	ck_assert_int_eq(count("SELECT 2"), 2);
	ck_assert_int_eq(server_ctl("stop"), 0);
	ck_assert_int_eq(server_ctl("start"), 0);
	ck_assert_int_eq(vv_db_tx(A, tx_noop, NULL), 0);
	ck_assert_int_eq(vv_db_ping(), 0);
}
END_TEST

static Suite *db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *t = tcase_create("db");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 90);
	tcase_add_test(t, test_round_trip);
	tcase_add_test(t, test_bad_input);
	tcase_add_test(t, test_duplicate);
	tcase_add_test(t, test_typed_binding);
	tcase_add_test(t, test_getters);
	tcase_add_test(t, test_tx_commit_rollback);
	tcase_add_test(t, test_deadlock_retry);
	tcase_add_test(t, test_migrate_twice);
	tcase_add_test(t, test_migrate_files);
	tcase_add_test(t, test_reconnect);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	db_dir = getenv("VV_TEST_DB_DIR");
	if (!db_dir || !*db_dir) {
		fprintf(stderr, "test_db: FAIL: VV_TEST_DB_DIR is not set. Start a server with\n"
				"  sh tests/stack/mariadb.sh start DIR\n"
				"and run VV_TEST_DB_DIR=DIR %s\n", "test_db");
		return 1;
	}
	snprintf(sock_path, sizeof(sock_path), "%s/mysqld.sock", db_dir);
	snprintf(pw_path, sizeof(pw_path), "%s/db.password", db_dir);
	if (access(pw_path, R_OK) != 0) {
		fprintf(stderr, "test_db: FAIL: cannot read %s: %s\n", pw_path, strerror(errno));
		return 1;
	}
	/* A peer closing its socket must be an error return, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	SRunner *sr = srunner_create(db_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
