/* The settings this plugin reads (vv/conf.h): `vvhomed --check` refuses
 * any other key in these sections. */
#include <vv/vv.h>

const struct vv_conf_key vv_plugin_conf_keys[] = {
	{0},
};
