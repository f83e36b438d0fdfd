/* INI configuration: [section] key = value, '#' or ';' comments.
 * Held in one worker-lifetime list in file order (each entry remembers its
 * line for the check's messages); small, so lookups are linear. Which keys
 * exist and what their values must be is check.c's business. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "core.h"

struct conf_ent {
	char *section, *key, *value;
	int line;
	struct conf_ent *next;
};

static struct conf_ent *conf_head;
static char conf_path_loaded[4096];

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Sets key in the list at *head (appended when new: file order). */
static void set_in(struct conf_ent **head, const char *section, const char *key, const char *value,
		   int line)
{
	struct conf_ent **tail = head;
	for (struct conf_ent *e = *head; e; e = e->next) {
		if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0) {
			char *v = strdup(value);
			if (!v)
				abort();
			free(e->value);
			e->value = v;
			e->line = line;
			return;
		}
		tail = &e->next;
	}
	struct conf_ent *e = calloc(1, sizeof(*e));
	if (!e || !(e->section = strdup(section)) || !(e->key = strdup(key)) ||
	    !(e->value = strdup(value)))
		abort();
	e->line = line;
	*tail = e;
}

void vv_conf_set(const char *section, const char *key, const char *value)
{
	set_in(&conf_head, section, key, value, 0);
}

const char *vv_conf_path(void)
{
	return conf_path_loaded;
}

void vv_conf_each(void (*fn)(const char *section, const char *key, const char *value, int line,
			     void *arg),
		  void *arg)
{
	for (struct conf_ent *e = conf_head; e; e = e->next)
		fn(e->section, e->key, e->value, e->line, arg);
}

static void free_list(struct conf_ent *head)
{
	while (head) {
		struct conf_ent *e = head;
		head = e->next;
		free(e->section);
		free(e->key);
		free(e->value);
		free(e);
	}
}

void vv_conf_free(void)
{
	free_list(conf_head);
	conf_head = NULL;
}

int vv_conf_load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		vv_error("config: cannot open %s: %s", path, strerror(errno));
		return VV_ERR;
	}
	int rc = vv_conf_load_stream(f, path);
	fclose(f);
	return rc;
}

int vv_conf_load_stream(FILE *f, const char *path)
{
	/* Parsed into a new list and swapped in only when the whole file is
	 * good: a broken file on reload (SIGHUP) keeps the old configuration. */
	struct conf_ent *fresh = NULL;
	char line[4096], section[128] = "";
	int lineno = 0, rc = VV_OK;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']');
			if (!end || (size_t)(end - s - 1) >= sizeof(section)) {
				vv_error("config: %s:%d: bad section header", path, lineno);
				rc = VV_ERR;
				break;
			}
			*end = '\0';
			snprintf(section, sizeof(section), "%s", trim(s + 1));
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq) {
			vv_error("config: %s:%d: expected key = value", path, lineno);
			rc = VV_ERR;
			break;
		}
		*eq = '\0';
		char *k = trim(s), *v = trim(eq + 1);
		size_t vl = strlen(v);
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v[vl - 1] = '\0';
			v++;
		}
		if (!*section) {
			vv_error("config: %s:%d: %s before any [section]", path, lineno, k);
			rc = VV_ERR;
			break;
		}
		set_in(&fresh, section, k, v, lineno);
	}
	if (rc != VV_OK) {
		free_list(fresh);
		return rc;
	}
	vv_conf_free();
	conf_head = fresh;
	snprintf(conf_path_loaded, sizeof(conf_path_loaded), "%s", path);
	/* [log] level: set here so that every program reading the file (the
	 * master and, through fork, its workers; vvctl) logs alike. */
	static const char *levels[] = {"debug", "info", "warn", "error"};
	const char *lv = vv_conf_get("log", "level", "info");
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcasecmp(lv, levels[i]) == 0)
			vv_log_set_level((enum vv_log_level)i);
	return rc;
}

const char *vv_conf_get(const char *section, const char *key, const char *def)
{
	for (struct conf_ent *e = conf_head; e; e = e->next)
		if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
			return e->value;
	return def;
}

long vv_conf_int(const char *section, const char *key, long def)
{
	const char *v = vv_conf_get(section, key, NULL);
	if (!v || !*v)
		return def;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end)
		return def;
	return n;
}

int vv_conf_parse_bool(const char *v)
{
	static const char *yes[] = {"on", "yes", "true", "1"}, *no[] = {"off", "no", "false", "0"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

const char *vv_public_url(vv_arena_t *a)
{
	const char *u = vv_conf_get("app", "public_url", "");
	size_t n = u ? strlen(u) : 0;
	while (n > 0 && u[n - 1] == '/')
		n--;
	return n ? vv_strndup(a, u, n) : NULL;
}

bool vv_conf_bool(const char *section, const char *key, bool def)
{
	const char *v = vv_conf_get(section, key, NULL);
	int b = v ? vv_conf_parse_bool(v) : -1;
	return b < 0 ? def : b == 1;
}

const char *vv_version(void)
{
	return VV_VERSION;
}
