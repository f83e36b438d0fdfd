/* INI configuration: [section] key = value, '#' or ';' comments.
 * Held in one worker-lifetime list; small, so lookups are linear. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

struct conf_ent {
	char *section, *key, *value;
	struct conf_ent *next;
};

static struct conf_ent *conf_head;

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Sets key in the list at *head. */
static void set_in(struct conf_ent **head, const char *section, const char *key, const char *value)
{
	for (struct conf_ent *e = *head; e; e = e->next) {
		if (strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0) {
			char *v = strdup(value);
			if (!v)
				abort();
			free(e->value);
			e->value = v;
			return;
		}
	}
	struct conf_ent *e = calloc(1, sizeof(*e));
	if (!e || !(e->section = strdup(section)) || !(e->key = strdup(key)) ||
	    !(e->value = strdup(value)))
		abort();
	e->next = *head;
	*head = e;
}

void vv_conf_set(const char *section, const char *key, const char *value)
{
	set_in(&conf_head, section, key, value);
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
		set_in(&fresh, section, k, v);
	}
	fclose(f);
	if (rc != VV_OK) {
		free_list(fresh);
		return rc;
	}
	vv_conf_free();
	conf_head = fresh;
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
