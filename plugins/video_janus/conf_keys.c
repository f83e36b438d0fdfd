/* The settings this plugin reads (vv/conf.h): `vvhomed --check` refuses
 * any other key in these sections. */
#include <vv/vv.h>

const struct vv_conf_key vv_plugin_conf_keys[] = {
	{"video", "janus_url", VV_CONF_STR},
	{"video", "admin_url", VV_CONF_STR},
	{"video", "client_url", VV_CONF_STR},
	{"video", "secrets_file", VV_CONF_FILE},
	{"video", "recordings_dir", VV_CONF_DIR},
	{"video", "recordings_accel", VV_CONF_STR},
	{"video", "token_margin", VV_CONF_INT},
	{"video", "ticket_seconds", VV_CONF_INT},
	{"video", "ffmpeg", VV_CONF_STR},
	{"video", "pp_rec", VV_CONF_STR},
	{"video", "turn_urls", VV_CONF_STR},
	{"video", "servers", VV_CONF_STR},
	{"video", "server_weights", VV_CONF_STR},
	{0},
};
