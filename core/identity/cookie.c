/* Whether the cookies of a response are Secure, and their names.
 *
 * [server] secure_cookies = auto (the default): Secure unless the request
 * came over plain HTTP from a loopback address, which is only the
 * developer's own stack (make run, the tests: nginx listens on 127.0.0.1).
 * Behind nginx the scheme is nginx's $https (fastcgi_params: HTTPS), never
 * a header the browser could send. yes/true/on/1 and no/false/off/0 force
 * it; any other value is refused by the configuration check before a start
 * or a reload (VV_CONF_AUTOBOOL; vv_cookie_conf_check says the same), so
 * that a typo cannot quietly turn the flag off.
 *
 * Secure cookies carry the __Host- prefix: the browser then accepts them
 * only from this very host, over HTTPS, for Path=/, so a sibling domain or
 * a plain-HTTP answer cannot plant or overwrite them. */
#include <string.h>
#include <strings.h>
#include "core.h"

/* 2 auto, 1 yes, 0 no, -1 neither (the configuration's own booleans). */
static int parse_mode(const char *v)
{
	return strcasecmp(v, "auto") == 0 ? 2 : vv_conf_parse_bool(v);
}

int vv_cookie_conf_check(void)
{
	return parse_mode(vv_conf_get("server", "secure_cookies", "auto")) < 0 ? VV_INVALID : 0;
}

static bool loopback(const char *addr)
{
	return addr && (strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0 ||
			strncmp(addr, "::ffff:127.", 11) == 0);
}

bool vv_cookie_secure_for(const char *mode, const char *https, const char *addr)
{
	int m = parse_mode(mode ? mode : "auto");
	if (m == 0)
		return false;
	if (m != 2) /* yes, or a value vv_cookie_conf_check refuses: the safe side */
		return true;
	if (https && strcasecmp(https, "on") == 0)
		return true;
	return !loopback(addr);
}

bool vv_cookie_secure(const vv_req_t *r)
{
	return vv_cookie_secure_for(vv_conf_get("server", "secure_cookies", "auto"), r->https, r->addr);
}

const char *vv_cookie_name(vv_req_t *r, const char *base)
{
	return vv_cookie_secure(r) ? vv_sprintf(r->arena, "__Host-%s", base) : base;
}

const char *vv_cookie_flags(const vv_req_t *r)
{
	return vv_cookie_secure(r) ? "; Secure" : "";
}
