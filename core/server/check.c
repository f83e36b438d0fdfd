/* The configuration check: `vvhomed -c CONF --check`, `vvctl check-config`,
 * and the same check (without plugins and database) before the master
 * serves and before it takes a reloaded file. A mistake is one line on
 * stderr naming the file and line, never a silent default: a service that
 * would only crash-loop its workers does not start.
 *
 * Which keys exist: the core's (conf_keys.c) and those every plugin in
 * [paths] plugin_dir declares (vv_plugin_conf_keys, vv/conf.h). */
#include <dirent.h>
#include <stdarg.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include "core.h"
#include "db/migrate.h"

#define MAX_KEY_LISTS 64

struct check {
	const struct vv_conf_key *lists[MAX_KEY_LISTS];
	void *handles[MAX_KEY_LISTS];
	size_t nlists;
	int problems;
};

static void problem(struct check *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct check *c, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		fprintf(stderr, "%s:%d: %s\n", vv_conf_path(), line, msg);
	else
		fprintf(stderr, "%s: %s\n", vv_conf_path(), msg);
	c->problems++;
}

static void add_list(struct check *c, const struct vv_conf_key *keys, void *handle)
{
	if (c->nlists == MAX_KEY_LISTS) {
		if (handle)
			dlclose(handle);
		return;
	}
	c->lists[c->nlists] = keys;
	c->handles[c->nlists++] = handle;
}

/* The keys a plugin file declares; opened without running anything of it
 * but its constructors (RTLD_LAZY: no symbol is resolved until called). */
static void add_plugin_file(struct check *c, const char *path)
{
	void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		return; /* a plugin that does not load is the plugin check's */
	const struct vv_conf_key *keys = dlsym(h, VV_PLUGIN_CONF_KEYS_SYMBOL);
	if (keys)
		add_list(c, keys, h);
	else
		dlclose(h);
}

static void add_plugin_keys(struct check *c)
{
	const char *dir = vv_conf_get("paths", "plugin_dir", "build/plugins");
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n < 4 || strcmp(e->d_name + n - 3, ".so") != 0)
				continue;
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			add_plugin_file(c, path);
		}
		closedir(d);
	}
	/* Plugins named by path in [plugins] load live outside plugin_dir. */
	char *list = strdup(vv_conf_get("plugins", "load", ""));
	char *save = NULL;
	for (char *t = list ? strtok_r(list, ", \t", &save) : NULL; t; t = strtok_r(NULL, ", \t", &save))
		if (strchr(t, '/'))
			add_plugin_file(c, t);
	free(list);
}

static const struct vv_conf_key *find(const struct check *c, const char *section, const char *key,
				      bool *section_known)
{
	*section_known = false;
	for (size_t i = 0; i < c->nlists; i++)
		for (const struct vv_conf_key *k = c->lists[i]; k->section; k++) {
			if (strcmp(k->section, section) != 0)
				continue;
			*section_known = true;
			if (strcmp(k->key, key) == 0)
				return k;
		}
	return NULL;
}

static void check_value(struct check *c, const struct vv_conf_key *k, const char *v, int line)
{
	char *end;
	struct stat st;
	switch (k->type) {
	case VV_CONF_INT:
		errno = 0;
		(void)strtol(v, &end, 10);
		if (!*v || *end || errno)
			problem(c, line, "[%s] %s = %s: not a whole number", k->section, k->key, v);
		break;
	case VV_CONF_BOOL:
		if (vv_conf_parse_bool(v) < 0)
			problem(c, line, "[%s] %s = %s: not on/off, yes/no, true/false or 1/0",
				k->section, k->key, v);
		break;
	case VV_CONF_AUTOBOOL:
		if (strcasecmp(v, "auto") != 0 && vv_conf_parse_bool(v) < 0)
			problem(c, line, "[%s] %s = %s: not on/off, yes/no, true/false, 1/0 or auto",
				k->section, k->key, v);
		break;
	case VV_CONF_MODE:
		errno = 0;
		long m = strtol(v, &end, 8);
		if (!*v || *end || errno || m < 0 || m > 07777)
			problem(c, line, "[%s] %s = %s: not an octal file mode such as 0660",
				k->section, k->key, v);
		break;
	case VV_CONF_LEVEL:
		if (strcasecmp(v, "debug") && strcasecmp(v, "info") && strcasecmp(v, "warn") &&
		    strcasecmp(v, "error"))
			problem(c, line, "[%s] %s = %s: not debug, info, warn or error", k->section,
				k->key, v);
		break;
	case VV_CONF_DIR:
		if (stat(v, &st) != 0 || !S_ISDIR(st.st_mode))
			problem(c, line, "[%s] %s = %s: no such folder", k->section, k->key, v);
		break;
	case VV_CONF_FILE:
		if (access(v, R_OK) != 0)
			problem(c, line, "[%s] %s = %s: cannot read it: %s", k->section, k->key, v,
				strerror(errno));
		break;
	default:
		break;
	}
}

static void check_entry(const char *section, const char *key, const char *value, int line,
			void *arg)
{
	struct check *c = arg;
	bool section_known;
	const struct vv_conf_key *k = find(c, section, key, &section_known);
	if (!section_known)
		problem(c, line, "unknown section [%s] (key %s)", section, key);
	else if (!k)
		problem(c, line, "unknown key %s in [%s]", key, section);
	else
		check_value(c, k, value, line);
}

/* Every stylesheet in xsl_dir compiles, with the core's extension
 * functions registered as in a worker; libxslt names the line at fault. */
static void check_stylesheets(struct check *c)
{
	const char *dir = vv_conf_get("paths", "xsl_dir", "xsl");
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return; /* already said */
	if (vv_render_init(dir) != 0) {
		problem(c, 0, "[paths] xsl_dir = %s: the catalogues or error.xsl do not load", dir);
		return;
	}
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".xsl") != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		xsltStylesheetPtr s = xsltParseStylesheetFile((const xmlChar *)path);
		if (!s)
			problem(c, 0, "stylesheet %s does not compile", path);
		else
			xsltFreeStylesheet(s);
		n++;
	}
	if (d)
		closedir(d);
	if (n == 0)
		problem(c, 0, "[paths] xsl_dir = %s: no stylesheet in it", dir);
	vv_render_fini();
}

/* Every plugin of [plugins] load loads (in this process: the caller is a
 * child or a one-shot check). */
static void check_plugins(struct check *c)
{
	const char *list = vv_conf_get("plugins", "load", "");
	int want = 0;
	char *copy = strdup(list);
	char *save = NULL;
	for (char *t = copy ? strtok_r(copy, ", \t", &save) : NULL; t; t = strtok_r(NULL, ", \t", &save))
		want++;
	free(copy);
	int got = vv_plugins_load(vv_conf_get("paths", "plugin_dir", "build/plugins"), list, true);
	if (got != want)
		problem(c, 0, "[plugins] load: %d of %d plugins loaded (the lines above say why)", got,
			want);
	vv_plugins_unload();
}

/* The database's schema is one this version knows, and is migrated. */
static void check_schema(struct check *c)
{
	vv_arena_t *a = vv_arena_create();
	if (!a)
		return;
	const char *dir = vv_conf_get("paths", "schema_dir", "schema");
	int pending = 0;
	int unknown = vv_schema_check(dir, a, &pending);
	if (unknown > 0)
		problem(c, 0, "[db]: the database's schema is newer than this vvhome %s knows"
			" (the lines above say which)", VV_VERSION);
	else if (unknown == 0 && pending > 0)
		problem(c, 0, "[db]: the database is not migrated to this version: run vvctl migrate");
	vv_arena_destroy(a);
}

int vv_conf_check(bool full)
{
	struct check c = {0};
	add_list(&c, vv_core_conf_keys, NULL);
	add_plugin_keys(&c);
	vv_conf_each(check_entry, &c);
	check_stylesheets(&c);
	if (full) {
		check_plugins(&c);
		if (vv_db_ping() != 0)
			problem(&c, 0, "[db]: the database does not answer (see the line above)");
		else
			check_schema(&c);
		vv_db_fini();
	}
	for (size_t i = 0; i < c.nlists; i++)
		if (c.handles[i])
			dlclose(c.handles[i]);
	return c.problems;
}

int vv_conf_check_forked(const char *path)
{
	pid_t pid = fork();
	if (pid < 0)
		return VV_ERR;
	if (pid == 0) {
		vv_log_forked();
		if (vv_conf_load(path) != 0)
			_exit(1);
		_exit(vv_conf_check(false) ? 1 : 0);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return VV_ERR;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : VV_ERR;
}

int vv_conf_check_report(void)
{
	vv_log_set_level(VV_LOG_WARN); /* the problems, not every plugin loaded */
	int n = vv_conf_check(true);
	if (n == 0) {
		printf("%s: ok\n", vv_conf_path());
		return 0;
	}
	fprintf(stderr, "%s: %d problem%s\n", vv_conf_path(), n, n == 1 ? "" : "s");
	return 1;
}

int vv_schema_check_forked(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return VV_ERR;
	if (pid == 0) {
		vv_log_forked();
		vv_arena_t *a = vv_arena_create();
		if (!a)
			_exit(0);
		const char *dir = vv_conf_get("paths", "schema_dir", "schema");
		int pending = 0;
		int unknown = vv_schema_check(dir, a, &pending);
		if (unknown < 0)
			vv_warn("master: the database does not answer; its schema is checked by the"
				" next start (/healthz says so meanwhile)");
		else if (unknown == 0 && pending > 0)
			vv_error("master: the database is not migrated to this vvhome %s: run"
				 " vvctl migrate (with the same configuration), then start again", VV_VERSION);
		vv_db_fini();
		_exit(unknown > 0 || (unknown == 0 && pending > 0) ? 1 : 0);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return VV_ERR;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : VV_ERR;
}
