/* Configuration (conf/vvhome.conf, INI). Read once per worker; a SIGHUP to
 * the master replaces the workers, which read it again. */
#ifndef VV_CONF_H
#define VV_CONF_H

#include <stdbool.h>
#include "vv/arena.h"

/* Returns the value of key in [section], or def when absent. The string
 * is owned by the configuration and lives as long as the worker. */
const char *vv_conf_get(const char *section, const char *key, const char *def);

/* As vv_conf_get, parsed as a decimal integer; def when absent or not a
 * number. A value that is not a number never reaches a worker: the check
 * vvhomed runs before it starts (and on reload) refuses the file. */
long vv_conf_int(const char *section, const char *key, long def);

/* As vv_conf_get, as a boolean: on/off, yes/no, true/false, 1/0 (any
 * case); def when absent. Anything else is refused by the check. */
bool vv_conf_bool(const char *section, const char *key, bool def);

/* [app] public_url, the address people reach vvhome at, without trailing
 * '/' (arena memory), or NULL when unset: the start of every absolute link
 * (e-mail, calendar feeds, join links). */
const char *vv_public_url(vv_arena_t *a);

/* The running vvhome's version ("1.2.3", as debian/changelog), for the
 * admin's pages; a static string. */
const char *vv_version(void);

/* What a key's value must be; `vvhomed --check` and the check before
 * start refuse a file where one is not. */
enum vv_conf_type {
	VV_CONF_STR = 1, /* any text */
	VV_CONF_INT,     /* a decimal integer */
	VV_CONF_BOOL,    /* on/off, yes/no, true/false, 1/0 */
	VV_CONF_DIR,     /* an existing folder */
	VV_CONF_FILE,    /* an existing file this process can read */
	VV_CONF_MODE,    /* an octal file mode, e.g. 0660 */
	VV_CONF_LEVEL,   /* a log level: debug, info, warn, error */
	VV_CONF_AUTOBOOL, /* as VV_CONF_BOOL, or auto */
};

struct vv_conf_key {
	const char *section;
	const char *key;
	enum vv_conf_type type;
};

/* A plugin that reads settings declares them, so that a key nobody reads
 * (a typo) is an error rather than silently ignored. It exports an array
 * named vv_plugin_conf_keys ending with an all-zero entry:
 *
 *   const struct vv_conf_key vv_plugin_conf_keys[] = {
 *       {"calendar", "weeks_ahead", VV_CONF_INT},
 *       {0},
 *   };
 *
 * Several plugins may declare keys of one section. Every plugin in
 * [paths] plugin_dir counts, loaded or not, so a section of a plugin the
 * operator turned off is still accepted. */
#define VV_PLUGIN_CONF_KEYS_SYMBOL "vv_plugin_conf_keys"

#endif
