/* The settings this plugin reads (vv/conf.h): `vvhomed --check` refuses
 * any other key in these sections. */
#include <vv/vv.h>

const struct vv_conf_key vv_plugin_conf_keys[] = {
	{"alarm", "poll_cache_seconds", VV_CONF_INT},
	{"alarm", "poll_check_ms", VV_CONF_INT},
	{"alarm", "poll_cache_entries", VV_CONF_INT},
	{0},
};
