/* Galera's error 1213 at COMMIT, made to happen: vv_db_tx updates a row
 * through node 1 while another client updates the same row through node 2
 * and commits first. Node 1 aborts our transaction for the replicated one
 * (certification / brute-force abort), which reaches us as 1213 at COMMIT;
 * vv_db_tx must run the whole transaction again, once, and both updates
 * must be there, ours exactly once.
 *
 * Run by tests/cluster/commit.test.mjs with VV_NODE1 and VV_NODE2 (node
 * sockets) and VV_DB_PASSWORD_FILE; prints "calls=N value=V", exits 0 when
 * right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mysql.h>
#include "core.h"

static const char *node2, *pwfile;

static MYSQL *raw_connect(void)
{
	char pw[256] = "";
	FILE *f = fopen(pwfile, "r");
	if (!f || !fgets(pw, sizeof(pw), f)) {
		fprintf(stderr, "cannot read %s\n", pwfile);
		exit(2);
	}
	fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	MYSQL *m = mysql_init(NULL);
	if (!mysql_real_connect(m, NULL, "vvhome", pw, "vvhome", 0, node2, 0)) {
		fprintf(stderr, "node 2: %s\n", mysql_error(m));
		exit(2);
	}
	return m;
}

struct ctx {
	int calls;
};

static int fn(vv_arena_t *a, void *p)
{
	struct ctx *c = p;
	c->calls++;
	if (vv_db_exec(a, "UPDATE t_commit_conflict SET v = v + 10 WHERE id = 1", VV_DB_NONE) < 0)
		return VV_ERR;
	if (c->calls == 1) {
		/* The other node's writer wins the row while we hold it here. */
		MYSQL *m = raw_connect();
		/* Node 2 must have applied our CREATE and INSERT first. */
		if (mysql_query(m, "SET SESSION wsrep_sync_wait = 7") ||
		    mysql_query(m, "UPDATE t_commit_conflict SET v = v + 1 WHERE id = 1")) {
			fprintf(stderr, "node 2 update: %s\n", mysql_error(m));
			exit(2);
		}
		mysql_close(m);
	}
	return 0;
}

int main(void)
{
	const char *node1 = getenv("VV_NODE1");
	node2 = getenv("VV_NODE2");
	pwfile = getenv("VV_DB_PASSWORD_FILE");
	if (!node1 || !node2 || !pwfile) {
		fprintf(stderr, "set VV_NODE1, VV_NODE2 and VV_DB_PASSWORD_FILE\n");
		return 2;
	}
	vv_conf_set("db", "socket", node1);
	vv_conf_set("db", "password_file", pwfile);
	if (vv_db_init() < 0)
		return 2;
	vv_arena_t *a = vv_arena_create();
	if (vv_db_exec(a, "DROP TABLE IF EXISTS t_commit_conflict", VV_DB_NONE) < 0 ||
	    vv_db_exec(a, "CREATE TABLE t_commit_conflict (id INT PRIMARY KEY, v INT NOT NULL)",
		       VV_DB_NONE) < 0 ||
	    vv_db_exec(a, "INSERT INTO t_commit_conflict VALUES (1, 0)", VV_DB_NONE) < 0)
		return 2;
	struct ctx c = {0};
	int rc = vv_db_tx(a, fn, &c);
	int err = 0;
	vv_db_res_t *r = vv_db_query(a, &err, "SELECT v FROM t_commit_conflict WHERE id = 1",
				     VV_DB_NONE);
	int64_t v = r && vv_db_next(r) ? vv_db_int(r, 0, -1) : -1;
	printf("rc=%d calls=%d value=%lld\n", rc, c.calls, (long long)v);
	vv_db_exec(a, "DROP TABLE t_commit_conflict", VV_DB_NONE);
	vv_arena_destroy(a);
	vv_db_fini();
	vv_conf_free();
	/* Ran twice (aborted once for node 2's write), and both updates hold. */
	return rc == 0 && c.calls == 2 && v == 11 ? 0 : 1;
}
