/* Configuration (conf/vvhome.conf, INI). Read once per worker; a SIGHUP to
 * the master replaces the workers, which read it again. */
#ifndef VV_CONF_H
#define VV_CONF_H

/* Returns the value of key in [section], or def when absent. The string
 * is owned by the configuration and lives as long as the worker. */
const char *vv_conf_get(const char *section, const char *key, const char *def);

/* As vv_conf_get, parsed as a decimal integer; def when absent or not a number. */
long vv_conf_int(const char *section, const char *key, long def);

#endif
