/* The settings this plugin reads (vv/conf.h): `vvhomed --check` refuses
 * any other key in these sections. */
#include <vv/vv.h>

const struct vv_conf_key vv_plugin_conf_keys[] = {
	{"video", "recordings_dir", VV_CONF_STR},
	{"video", "recordings_accel", VV_CONF_STR},
	{"video", "ffmpeg", VV_CONF_STR},
	{"video", "pp_rec", VV_CONF_STR},
	{0},
};
