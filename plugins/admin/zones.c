/* The time zones the settings form offers (R-PO-2): the system's own list,
 * zone.tab of the IANA data (one zone per country or region, as tzselect
 * offers them: Europe/Helsinki, Europe/Mariehamn, Europe/Stockholm, …),
 * and UTC. Read the first time a worker needs it and kept, sorted, until
 * the worker exits: the file changes only with a tzdata upgrade, after
 * which the admin reloads vvhomed as for any other system change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"

#define ZONE_TAB "zone.tab"
#define ZONE_TAB_MAX (1 << 20) /* bytes; today's file is ~19 KB */

static struct {
	bool loaded;
	char *text;         /* the file, each name NUL-terminated in place */
	const char **names; /* sorted, unique */
	size_t n;
} zones;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The whole file into *out (malloc'd, NUL-terminated); 0 or -1. */
static int read_all(const char *path, char **out)
{
	int rc = -1;
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		goto out;
	if (fseek(f, 0, SEEK_END) != 0)
		goto out;
	long size = ftell(f);
	if (size < 0 || size > ZONE_TAB_MAX || fseek(f, 0, SEEK_SET) != 0)
		goto out;
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		goto out;
	buf[size] = '\0';
	*out = buf;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

/* Lines "CC<TAB>coordinates<TAB>Zone/Name[<TAB>comment]"; '#' starts a
 * comment line. Names are cut out of text in place. */
static size_t parse(char *text, const char **names, size_t max)
{
	size_t n = 0;
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line != '#') {
			char *tab1 = strchr(line, '\t');
			char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
			if (tab2 && tab2[1] && n < max) {
				char *name = tab2 + 1;
				name[strcspn(name, "\t\r")] = '\0';
				names[n++] = name;
			}
		}
		line = next;
	}
	return n;
}

static void load(void)
{
	zones.loaded = true;
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/" ZONE_TAB, dir && *dir ? dir : "/usr/share/zoneinfo");
	if (read_all(path, &zones.text) != 0) {
		vv_warn("admin: cannot read %s: the settings form offers only the current zone", path);
		return;
	}
	size_t lines = 2; /* UTC, and a last line without a newline */
	for (const char *p = zones.text; *p; p++)
		lines += *p == '\n';
	zones.names = malloc(lines * sizeof(*zones.names));
	if (!zones.names) {
		vv_admin_zones_free();
		zones.loaded = true;
		return;
	}
	size_t n = parse(zones.text, zones.names, lines - 1);
	zones.names[n++] = "UTC";
	qsort(zones.names, n, sizeof(*zones.names), by_name);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || strcmp(zones.names[u - 1], zones.names[i]) != 0)
			zones.names[u++] = zones.names[i];
	zones.n = u;
}

const char *const *vv_admin_zones(size_t *n)
{
	if (!zones.loaded)
		load();
	*n = zones.n;
	return zones.names;
}

bool vv_admin_zone_listed(const char *tz)
{
	size_t n;
	const char *const *names = vv_admin_zones(&n);
	return tz && n && bsearch(&tz, names, n, sizeof(*names), by_name) != NULL;
}

void vv_admin_zones_free(void)
{
	free(zones.names);
	free(zones.text);
	memset(&zones, 0, sizeof(zones));
}
