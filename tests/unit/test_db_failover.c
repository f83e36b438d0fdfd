/* The database layer when a server goes away (a Galera node killed, a
 * restart): the next server of [db] socket is used, and a transaction whose
 * connection was lost before COMMIT is run again whole, once, on a fresh
 * connection, nothing of the lost attempt left behind.
 *
 * Runs against the private MariaDB of tests/stack/mariadb.sh, like
 * test_db.c: VV_TEST_DB_DIR=DIR (its socket, password file). */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mysql.h>
#include "core.h"

static const char *db_dir;
static char sock_path[1024], pw_path[1024], none_path[1024], list[3200];
static vv_arena_t *A;

static void setup_with(const char *sockets)
{
	vv_conf_set("db", "socket", sockets);
	vv_conf_set("db", "password_file", pw_path);
	vv_conf_set("db", "user", "vvhome");
	vv_conf_set("db", "name", "vvhome");
	ck_assert_int_eq(vv_db_init(), 0);
	A = vv_arena_create();
	ck_assert_ptr_nonnull(A);
}

static void setup(void)
{
	setup_with(sock_path);
}

static void teardown(void)
{
	vv_arena_destroy(A);
	vv_db_fini();
	vv_conf_free();
}

static int64_t count(const char *sql)
{
	int err;
	vv_db_res_t *r = vv_db_query(A, &err, sql, VV_DB_NONE);
	ck_assert_msg(r != NULL, "%s -> %d", sql, err);
	ck_assert(vv_db_next(r));
	return vv_db_int(r, 0, -1);
}

START_TEST(test_next_server_when_the_first_is_away)
{
	/* The first socket has no server behind it (a node killed): the
	 * second one is used, at once, for queries and transactions. */
	teardown();
	snprintf(list, sizeof(list), "%s %s", none_path, sock_path);
	setup_with(list);
	ck_assert_int_eq(vv_db_ping(), 0);
	ck_assert_int_eq(count("SELECT 7"), 7);
	teardown();
	/* Comma-separated too; and with no server at all it is a 503, not a crash. */
	snprintf(list, sizeof(list), "%s,%s", none_path, none_path);
	setup_with(list);
	ck_assert_int_eq(vv_db_ping(), VV_UNAVAILABLE);
	ck_assert_int_eq(vv_db_exec(A, "SELECT 1", VV_DB_NONE), VV_UNAVAILABLE);
}
END_TEST

struct lost_ctx {
	int calls;
	int64_t conn_id;
};

/* Another client kills our connection: what a server crash or a Galera
 * node leaving looks like from here. */
static void kill_connection(int64_t id)
{
	char pw[256] = "";
	FILE *f = fopen(pw_path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(pw, sizeof(pw), f));
	fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	MYSQL *m = mysql_init(NULL);
	ck_assert_ptr_nonnull(mysql_real_connect(m, NULL, "vvhome", pw, "vvhome", 0, sock_path, 0));
	char sql[64];
	snprintf(sql, sizeof(sql), "KILL CONNECTION %lld", (long long)id);
	ck_assert_int_eq(mysql_query(m, sql), 0);
	mysql_close(m);
}

static int lost_fn(vv_arena_t *a, void *p)
{
	struct lost_ctx *c = p;
	c->calls++;
	if (vv_db_exec(a, "INSERT INTO t_dbf (attempt) VALUES (?)",
		       VV_DB_ARGS(VV_DB_I(c->calls))) < 0)
		return VV_ERR;
	if (c->calls == 1) {
		int err;
		vv_db_res_t *r = vv_db_query(a, &err, "SELECT CONNECTION_ID()", VV_DB_NONE);
		ck_assert_ptr_nonnull(r);
		ck_assert(vv_db_next(r));
		kill_connection(vv_db_int(r, 0, 0));
	}
	/* The first attempt's connection is gone: this fails, and the
	 * transaction must not be finished in pieces. */
	if (vv_db_exec(a, "INSERT INTO t_dbf (attempt) VALUES (?)",
		       VV_DB_ARGS(VV_DB_I(100 + c->calls))) < 0)
		return VV_ERR;
	return 0;
}

START_TEST(test_tx_lost_before_commit_runs_again)
{
	ck_assert_int_ge(vv_db_exec(A, "DROP TABLE IF EXISTS t_dbf", VV_DB_NONE), 0);
	ck_assert_int_ge(vv_db_exec(A, "CREATE TABLE t_dbf (id INT AUTO_INCREMENT PRIMARY KEY,"
				       " attempt INT NOT NULL) ENGINE=InnoDB", VV_DB_NONE), 0);
	struct lost_ctx c = {0, 0};
	ck_assert_int_eq(vv_db_tx(A, lost_fn, &c), 0);
	ck_assert_int_eq(c.calls, 2);
	/* Exactly the second attempt's two rows: the first was rolled back. */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_dbf"), 2);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM t_dbf WHERE attempt IN (2, 102)"), 2);
	ck_assert_int_ge(vv_db_exec(A, "DROP TABLE t_dbf", VV_DB_NONE), 0);
}
END_TEST

static Suite *failover_suite(void)
{
	Suite *s = suite_create("db_failover");
	TCase *t = tcase_create("db_failover");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_next_server_when_the_first_is_away);
	tcase_add_test(t, test_tx_lost_before_commit_runs_again);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	db_dir = getenv("VV_TEST_DB_DIR");
	if (!db_dir || !*db_dir) {
		fprintf(stderr, "test_db_failover: FAIL: VV_TEST_DB_DIR is not set (see tests/unit/test_db.c)\n");
		return 1;
	}
	snprintf(sock_path, sizeof(sock_path), "%s/mysqld.sock", db_dir);
	snprintf(pw_path, sizeof(pw_path), "%s/db.password", db_dir);
	snprintf(none_path, sizeof(none_path), "%s/no-server-here.sock", db_dir);
	if (access(pw_path, R_OK) != 0) {
		fprintf(stderr, "test_db_failover: FAIL: cannot read %s: %s\n", pw_path, strerror(errno));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	SRunner *sr = srunner_create(failover_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
