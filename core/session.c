/* Who is asking, and the CSRF token their state-changing requests must
 * carry. Until accounts exist every visitor is anonymous; the CSRF token
 * is then a random value in a cookie that a form must echo back (the
 * double-submit pattern), which a cross-site form cannot read. */
#include <string.h>
#include "core.h"

#define CSRF_COOKIE "vv_csrf"

int vv_session_load(vv_req_t *r)
{
	r->role = VV_ROLE_ANON;
	const char *c = vv_req_cookie(r, CSRF_COOKIE);
	if (c && strlen(c) >= 32 && strlen(c) <= 64) {
		r->csrf = c;
		return VV_OK;
	}
	r->csrf = vv_token_new(r->arena, 32);
	if (!r->csrf)
		return VV_ERR;
	const char *secure = vv_conf_get("server", "secure_cookies", "off");
	vv_resp_header(r, "Set-Cookie",
		       vv_sprintf(r->arena, CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s",
				  r->csrf, strcmp(secure, "on") == 0 ? "; Secure" : ""));
	return VV_OK;
}

bool vv_session_csrf_ok(vv_req_t *r)
{
	return vv_token_equal(vv_req_form(r, "csrf"), r->csrf);
}
