/* Schema migrations: the core's schema_dir/NNN_name.sql, then each
 * plugin's schema_dir/<plugin>/NNN_name.sql (installed from
 * plugins/<plugin>/schema/), each list in numeric order, recorded in
 * schema_migrations by (component, version).
 *
 * MariaDB commits implicitly around DDL, so a file is not applied
 * atomically: a failure leaves the statements before it in place and the
 * file unrecorded. Migrations should therefore be written so that running
 * them again after a fix is harmless (CREATE TABLE IF NOT EXISTS, ADD
 * COLUMN IF NOT EXISTS ...).
 *
 * Two runners at once (vvctl migrate at deploy on several hosts): the
 * second waits for the first on a named server lock (GET_LOCK, released
 * when the connection ends, so a runner that died holds nothing) and then
 * finds the files recorded. A row lock cannot do this job: the DDL of a
 * migration commits the transaction that holds it. Galera does not
 * replicate GET_LOCK (it refuses it, or it locks one node only); there the
 * runner warns and goes on unlocked, so on a cluster run vvctl migrate from
 * one host (doc/operations.md). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core.h"
#include "db/migrate.h"

#define MAX_MIGRATION_BYTES (4u << 20)

struct migration {
	long version;
	char *file; /* arena */
	char *name; /* arena: the part between NNN_ and .sql */
};

/* NNN_name.sql with NNN all digits and name [A-Za-z0-9_-]+; the version
 * into *version. Anything else in the directory (README, editor
 * backups) is ignored. */
static bool parse_name(const char *f, long *version, size_t *name_off, size_t *name_len)
{
	size_t i = 0, len = strlen(f);
	while (isdigit((unsigned char)f[i]))
		i++;
	if (i == 0 || i > 9 || f[i] != '_' || len < i + 6 || strcmp(f + len - 4, ".sql") != 0)
		return false;
	for (size_t j = i + 1; j < len - 4; j++)
		if (!isalnum((unsigned char)f[j]) && f[j] != '_' && f[j] != '-')
			return false;
	*version = strtol(f, NULL, 10);
	*name_off = i + 1;
	*name_len = len - 4 - (i + 1);
	return true;
}

static int cmp_migration(const void *x, const void *y)
{
	const struct migration *p = x, *q = y;
	return (p->version > q->version) - (p->version < q->version);
}

/* Lists the migration files of dir, sorted; *out is arena memory. */
static int list_migrations(const char *dir, vv_arena_t *a, struct migration **out, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d) {
		vv_error("migrate: cannot open %s: %s", dir, strerror(errno));
		return VV_ERR;
	}
	size_t cap = 16, cnt = 0;
	struct migration *m = vv_alloc(a, cap * sizeof(*m));
	struct dirent *de;
	while ((de = readdir(d))) {
		long v;
		size_t off, nl;
		if (!parse_name(de->d_name, &v, &off, &nl))
			continue;
		if (cnt == cap) {
			struct migration *bigger = vv_alloc(a, 2 * cap * sizeof(*m));
			memcpy(bigger, m, cap * sizeof(*m));
			m = bigger;
			cap *= 2;
		}
		m[cnt].version = v;
		m[cnt].file = vv_strdup(a, de->d_name);
		m[cnt].name = vv_strndup(a, de->d_name + off, nl);
		cnt++;
	}
	closedir(d);
	qsort(m, cnt, sizeof(*m), cmp_migration);
	for (size_t i = 1; i < cnt; i++) {
		if (m[i].version == m[i - 1].version) {
			vv_error("migrate: %s and %s have the same number", m[i - 1].file, m[i].file);
			return VV_ERR;
		}
	}
	*out = m;
	*n = cnt;
	return VV_OK;
}

/* Reads a whole file into arena memory, NUL-terminated. */
static char *read_file(vv_arena_t *a, const char *path)
{
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	if (!f) {
		vv_error("migrate: cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 8192, len = 0;
	buf = vv_alloc(a, cap);
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
		if (len + 1 == cap) {
			if (cap >= MAX_MIGRATION_BYTES) {
				vv_error("migrate: %s is larger than %u bytes", path, MAX_MIGRATION_BYTES);
				buf = NULL;
				goto out;
			}
			char *bigger = vv_alloc(a, cap * 2);
			memcpy(bigger, buf, len);
			buf = bigger;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		vv_error("migrate: reading %s: %s", path, strerror(errno));
		buf = NULL;
		goto out;
	}
	buf[len] = '\0';
out:
	fclose(f);
	return buf;
}

/* True when s[0..len) holds only whitespace and comment lines (-- or #),
 * which the server would refuse as an empty query. */
static bool only_comments(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i >= len)
			break;
		if (s[i] == '#' || (s[i] == '-' && i + 1 < len && s[i + 1] == '-')) {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		return false;
	}
	return true;
}

/* Runs the statements of text one by one. A statement ends with a line
 * whose last non-blank character is ';' (so a ';' inside a line or a
 * string is left alone; keep migrations free of procedures). */
static int apply_text(const char *file, const char *text)
{
	const char *start = text, *p = text;
	int nstmt = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		const char *next = eol ? eol + 1 : p + strlen(p);
		const char *e = eol ? eol : next;
		while (e > p && isspace((unsigned char)e[-1]))
			e--;
		bool ends = e > p && e[-1] == ';';
		if (ends || !*next) {
			size_t len = (size_t)((ends ? e - 1 : e) - start);
			if (!only_comments(start, len)) {
				nstmt++;
				int rc = vv_db_exec_trusted(start, len);
				if (rc < 0) {
					vv_error("migrate: %s: statement %d failed", file, nstmt);
					return rc;
				}
			}
			start = next;
		}
		p = next;
	}
	return nstmt;
}

/* Until plugins carried their own migrations, one list under schema/ held
 * them all, numbered together. A database migrated then records those files
 * as component 'core'; each that moved is recorded again under the plugin
 * that owns it now, so that upgrading applies nothing twice. */
static const struct legacy {
	long old_version;
	const char *component;
	long version;
	const char *name;
	bool moved; /* false: the core kept part of the file under its number */
} legacy[] = {
	{ 4, "recordings", 1, "recordings", true },
	{ 5, "call", 1, "call_members", true },
	{ 10, "recordings", 2, "recorded_events", false },
	{ 11, "recordings", 3, "languages", true },
};

/* Re-keys the legacy rows: each moved file's record is copied under its
 * plugin and the core's record dropped, in one transaction. */
static int rekey_legacy(vv_arena_t *a, void *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++) {
		const struct legacy *l = &legacy[i];
		int64_t rc = vv_db_exec(a,
					"INSERT IGNORE INTO schema_migrations (component, version, name, applied_at)"
					" SELECT ?, ?, ?, applied_at FROM schema_migrations"
					" WHERE component = 'core' AND version = ?",
					VV_DB_ARGS(VV_DB_S(l->component), VV_DB_I(l->version),
						   VV_DB_S(l->name), VV_DB_I(l->old_version)));
		if (rc < 0)
			return (int)rc;
		if (l->moved) {
			rc = vv_db_exec(a, "DELETE FROM schema_migrations WHERE component = 'core' AND version = ?",
					VV_DB_ARGS(VV_DB_I(l->old_version)));
			if (rc < 0)
				return (int)rc;
		}
	}
	return VV_OK;
}

/* Brings a schema_migrations table of the single-list era to the
 * (component, version) form. Nothing to do on a new or upgraded table.
 * The ALTER commits by itself; the re-keying is one transaction after it,
 * and whether it is still due is read from the rows (a core record of a
 * moved file: no core file has those numbers any more), so a runner
 * stopped between the two finishes the job next time. */
static int upgrade_legacy(vv_arena_t *a)
{
	int err;
	vv_db_res_t *r = vv_db_query(a, &err,
				     "SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE()"
				     " AND table_name = 'schema_migrations' AND column_name = 'component'",
				     VV_DB_NONE);
	if (!r)
		return err;
	if (vv_db_rows(r) == 0) {
		int64_t rc = vv_db_exec(a,
					"ALTER TABLE schema_migrations ADD COLUMN component VARCHAR(64) CHARACTER SET ascii"
					" NOT NULL DEFAULT 'core' FIRST, DROP PRIMARY KEY, ADD PRIMARY KEY (component, version)",
					VV_DB_NONE);
		if (rc < 0)
			return (int)rc;
	}
	bool due = false;
	for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]) && !due; i++) {
		if (!legacy[i].moved)
			continue;
		r = vv_db_query(a, &err, "SELECT 1 FROM schema_migrations WHERE component = 'core' AND version = ?",
				VV_DB_ARGS(VV_DB_I(legacy[i].old_version)));
		if (!r)
			return err;
		due = vv_db_rows(r) > 0;
	}
	if (!due)
		return VV_OK;
	int rc = vv_db_tx(a, rekey_legacy, NULL);
	if (rc < 0)
		return rc;
	vv_info("migrate: schema_migrations upgraded to per-component records");
	return VV_OK;
}

/* Applies the migrations of one directory as component comp. */
static int apply_dir(const char *dir, const char *comp, vv_arena_t *a)
{
	struct migration *m;
	size_t n;
	int applied = 0;
	if (list_migrations(dir, a, &m, &n) < 0)
		return VV_ERR;
	for (size_t i = 0; i < n; i++) {
		int err;
		vv_db_res_t *r = vv_db_query(a, &err,
					     "SELECT 1 FROM schema_migrations WHERE component = ? AND version = ?",
					     VV_DB_ARGS(VV_DB_S(comp), VV_DB_I(m[i].version)));
		if (!r)
			return err;
		if (vv_db_rows(r) > 0)
			continue;
		char *path = vv_sprintf(a, "%s/%s", dir, m[i].file);
		char *text = read_file(a, path);
		if (!text)
			return VV_ERR;
		int ns = apply_text(path, text);
		if (ns < 0)
			return ns;
		int64_t rc = vv_db_exec(a,
					"INSERT INTO schema_migrations (component, version, name, applied_at)"
					" VALUES (?, ?, ?, UTC_TIMESTAMP())",
					VV_DB_ARGS(VV_DB_S(comp), VV_DB_I(m[i].version),
						   VV_DB_S(m[i].name)));
		if (rc < 0) {
			vv_error("migrate: %s applied but not recorded", path);
			return (int)rc;
		}
		vv_info("migrate: applied %s/%s (%d statements)", comp, m[i].file, ns);
		applied++;
	}
	return applied;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The plugin folders of schema_dir (plugin names: [a-z0-9_]), sorted. */
static int list_components(const char *dir, vv_arena_t *a, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d) {
		vv_error("migrate: cannot open %s: %s", dir, strerror(errno));
		return VV_ERR;
	}
	size_t cap = 64, cnt = 0;
	char **v = vv_alloc(a, cap * sizeof(*v));
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *s = de->d_name;
		bool ok = *s && strlen(s) < 64;
		for (const char *p = s; ok && *p; p++)
			ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
		if (!ok || strcmp(s, "core") == 0)
			continue;
		struct stat st;
		if (stat(vv_sprintf(a, "%s/%s", dir, s), &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (cnt == cap) {
			char **bigger = vv_alloc(a, 2 * cap * sizeof(*v));
			memcpy(bigger, v, cap * sizeof(*v));
			v = bigger;
			cap *= 2;
		}
		v[cnt++] = vv_strdup(a, s);
	}
	closedir(d);
	qsort(v, cnt, sizeof(*v), cmp_str);
	*out = v;
	*n = cnt;
	return VV_OK;
}

/* How long a second runner waits for the first. */
#define LOCK_WAIT_SECONDS 600

/* Takes the server lock of this database's migrations: 1 held, 0 not
 * available (the server has no GET_LOCK: Galera), or a negative VV_ code
 * (VV_CONFLICT: another runner kept it for LOCK_WAIT_SECONDS). */
static int lock_migrations(vv_arena_t *a)
{
	for (int wait = 0; wait <= LOCK_WAIT_SECONDS; wait += LOCK_WAIT_SECONDS) {
		int err;
		vv_db_res_t *r = vv_db_query(a, &err,
					     "SELECT GET_LOCK(CONCAT('vvhome.migrate.', DATABASE()), ?)",
					     VV_DB_ARGS(VV_DB_I(wait)));
		if (!r) {
			if (err == VV_UNAVAILABLE)
				return err;
			vv_warn("migrate: the server has no GET_LOCK (a Galera cluster?): running without"
				" the lock; run vvctl migrate from one host at a time");
			return 0;
		}
		/* 1 held, 0 timed out, NULL (-1) an error such as a kill. */
		int64_t got = vv_db_next(r) ? vv_db_int(r, 0, -1) : -1;
		if (got == 1)
			return 1;
		if (got < 0) {
			vv_warn("migrate: GET_LOCK failed: running without the lock;"
				" run vvctl migrate from one host at a time");
			return 0;
		}
		if (wait == 0)
			vv_info("migrate: another vvctl migrate is running on this database; waiting for it");
	}
	vv_error("migrate: another vvctl migrate kept the lock for %d s; try again when it is done",
		 LOCK_WAIT_SECONDS);
	return VV_CONFLICT;
}

static int migrate_locked(const char *schema_dir, vv_arena_t *a)
{
	int64_t rc = vv_db_exec(a,
				"CREATE TABLE IF NOT EXISTS schema_migrations ("
				" component VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT 'core',"
				" version INT NOT NULL,"
				" name VARCHAR(255) NOT NULL,"
				" applied_at DATETIME NOT NULL,"
				" PRIMARY KEY (component, version)"
				") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
				VV_DB_NONE);
	if (rc < 0)
		return (int)rc;
	int err = upgrade_legacy(a);
	if (err < 0)
		return err;
	/* The core's tables first: a plugin's migrations may refer to them. */
	int applied = apply_dir(schema_dir, "core", a);
	if (applied < 0)
		return applied;
	char **comp;
	size_t n;
	if (list_components(schema_dir, a, &comp, &n) < 0)
		return VV_ERR;
	for (size_t i = 0; i < n; i++) {
		int k = apply_dir(vv_sprintf(a, "%s/%s", schema_dir, comp[i]), comp[i], a);
		if (k < 0)
			return k;
		applied += k;
	}
	return applied;
}

int vv_migrate(const char *schema_dir, vv_arena_t *a)
{
	int held = lock_migrations(a);
	if (held < 0)
		return held;
	int applied = migrate_locked(schema_dir, a);
	/* Also ends with the connection; released here for a caller that
	 * goes on using it (the unit tests). */
	if (held)
		vv_db_exec(a, "DO RELEASE_LOCK(CONCAT('vvhome.migrate.', DATABASE()))", VV_DB_NONE);
	return applied;
}

/* The highest version of dir's migration files, 0 when none; -1 when dir
 * cannot be read (no such component here). */
static long known_max(const char *dir, vv_arena_t *a)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return -1;
	struct migration *m;
	size_t n;
	if (list_migrations(dir, a, &m, &n) < 0)
		return -1;
	return n ? m[n - 1].version : 0;
}

/* How many of dir's files comp has not recorded. */
static int count_pending(const char *dir, const char *comp, vv_arena_t *a)
{
	struct migration *m;
	size_t n;
	int pending = 0;
	if (list_migrations(dir, a, &m, &n) < 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int err;
		vv_db_res_t *r = vv_db_query(a, &err,
					     "SELECT 1 FROM schema_migrations WHERE component = ? AND version = ?",
					     VV_DB_ARGS(VV_DB_S(comp), VV_DB_I(m[i].version)));
		if (r && vv_db_rows(r) == 0)
			pending++;
	}
	return pending;
}

int vv_schema_check(const char *schema_dir, vv_arena_t *a, int *pending)
{
	*pending = 0;
	int err;
	vv_db_res_t *r = vv_db_query(a, &err,
				     "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
				     " AND table_name = 'schema_migrations' AND column_name IN ('version', 'component')",
				     VV_DB_NONE);
	if (!r)
		return err;
	int64_t cols = vv_db_next(r) ? vv_db_int(r, 0, 0) : 0;
	if (cols == 0) { /* an empty database: everything is to run */
		*pending = 1;
		return 0;
	}
	/* The single-list era had no component: all of it the core's. */
	r = vv_db_query(a, &err,
			cols == 2 ? "SELECT component, MAX(version) FROM schema_migrations GROUP BY component"
				  : "SELECT 'core', MAX(version) FROM schema_migrations",
			VV_DB_NONE);
	if (!r)
		return err;
	int unknown = 0;
	while (vv_db_next(r)) {
		const char *comp = vv_db_str(r, 0);
		long have = (long)vv_db_int(r, 1, 0);
		if (!comp)
			continue;
		bool core = strcmp(comp, "core") == 0;
		const char *dir = core ? schema_dir : vv_sprintf(a, "%s/%s", schema_dir, comp);
		long max = known_max(dir, a);
		if (max < 0) {
			/* A plugin no longer installed here leaves its tables
			 * behind; nothing of it runs, so nothing misreads them. */
			vv_warn("schema: the database has migrations of %s, which %s does not hold", comp,
				schema_dir);
			continue;
		}
		if (have > max) {
			vv_error("schema: the database is at %s %ld, this vvhome %s knows %s only up to %ld:"
				 " a newer vvhome migrated it. Install that version again (or restore the"
				 " backup taken before the upgrade); this one does not start on it",
				 comp, have, VV_VERSION, comp, max);
			unknown++;
		}
	}
	if (cols == 2) {
		*pending += count_pending(schema_dir, "core", a);
		char **comp;
		size_t n;
		if (list_components(schema_dir, a, &comp, &n) == 0)
			for (size_t i = 0; i < n; i++)
				*pending += count_pending(vv_sprintf(a, "%s/%s", schema_dir, comp[i]), comp[i], a);
	} else {
		*pending = 1; /* the single-list form: vvctl migrate re-keys it */
	}
	return unknown;
}
