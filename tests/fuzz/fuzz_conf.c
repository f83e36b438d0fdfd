/* libFuzzer target for the configuration file parser (core/server/conf.c):
 * the bytes as a whole file through vv_conf_load_stream, then every value
 * reader over what it kept. The file is outside input in the sense that
 * matters: an operator's typo, or a file another package wrote, must give
 * a message and the old configuration, never a crash. Checks the parser's
 * promises: a failed load changes nothing; what a good load keeps has a
 * section, trimmed keys and values, and NUL-free text from the input. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

struct seen {
	size_t n;
	int last_line;
};

static void entry(const char *section, const char *key, const char *value, int line, void *arg)
{
	struct seen *s = arg;
	check(section && key && value);
	check(section[0] != '\0');
	check(line > 0);
	size_t kl = strlen(key);
	check(kl == 0 || (!isspace((unsigned char)key[0]) && !isspace((unsigned char)key[kl - 1])));
	check(strchr(key, '=') == NULL);
	/* The value readers on every kept entry: none may trip over it. */
	(void)vv_conf_int(section, key, 7);
	(void)vv_conf_bool(section, key, true);
	(void)vv_conf_parse_bool(value);
	check(vv_conf_get(section, key, NULL) != NULL);
	s->n++;
	s->last_line = line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vv_arena_t *arena;
	if (!arena)
		arena = vv_arena_create();
	/* The parser's messages are expected: above every level, so that the
	 * log does not slow the run. Again each time, since a good file sets
	 * the level from its [log] level. */
	vv_log_set_level((enum vv_log_level)(VV_LOG_ERROR + 1));
	/* A known configuration first: a failed load must leave it in place. */
	vv_conf_free();
	vv_conf_set("fuzz", "kept", "yes");

	FILE *f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0; /* fmemopen refuses size 0 */
	int rc = vv_conf_load_stream(f, "fuzz.conf");
	fclose(f);
	if (rc != 0) {
		check(strcmp(vv_conf_get("fuzz", "kept", ""), "yes") == 0);
	} else {
		struct seen s = {0};
		vv_conf_each(entry, &s);
		(void)vv_public_url(arena);
		check(strcmp(vv_conf_path(), "fuzz.conf") == 0);
	}
	vv_conf_free();
	vv_arena_reset(arena);
	return 0;
}
