/* Vaihda salasana: a signed-in staff member changes their own password
 * (the current one, the new one twice). Customers have none: they sign in
 * with login links, and the route's roles keep them out. The checks that
 * matter (throttling, the other sessions, the audit row) are the core's:
 * vv_password_change in vv/auth.h. */
#include <string.h>
#include "auth.h"

/* Longer than any password vv_password_check accepts (128 characters of
 * at most 4 bytes): refused without spending an Argon2 run on it. */
#define CURRENT_MAX_BYTES (4 * VV_PASSWORD_MAX)

/* The address only tells a password manager whose password this is. */
static void form_node(vv_req_t *r)
{
	xmlNodePtr f = vv_xml_add(vv_page(r), "password-form");
	vv_xml_attr(f, "email", vv_req_user_email(r));
}

int vv_auth_password_form(vv_req_t *r)
{
	const char *done = vv_req_query(r, "done");
	if (done && strcmp(done, "changed") == 0) {
		xmlNodePtr f = vv_xml_add(vv_page(r), "flash");
		vv_xml_attr(f, "key", "auth.pw.done");
	}
	form_node(r);
	return 200;
}

int vv_auth_password_post(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *current = vv_req_form(r, "current");
	form_node(r);
	if (!current || !*current)
		vv_form_error(r, "current", "auth.pw.err.current-missing");
	else if (strlen(current) > CURRENT_MAX_BYTES)
		vv_form_error(r, "current", "auth.pw.err.wrong");
	const char *pw = vv_form_new_password(r, "password", "password2");
	if (pw && current && strcmp(pw, current) == 0)
		vv_form_error(r, "password", "auth.pw.err.same");
	/* Every field is checked before the current password is tried, so a
	 * typing slip in the new one costs no throttled attempt. */
	if (vv_form_errors(r))
		return 422;
	int wait = 0;
	int rc = vv_password_change(r, current, pw, &wait);
	if (rc == VV_INVALID) {
		vv_form_error(r, "current", "auth.pw.err.wrong");
		return 422;
	}
	if (rc == VV_CONFLICT) {
		const char *secs = vv_sprintf(a, "%d", wait > 0 ? wait : 1);
		vv_form_error_arg(r, "current", "auth.pw.err.locked", secs);
		vv_resp_header(r, "Retry-After", secs);
		return 429;
	}
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, vv_sprintf(a, "/%s/account/password?done=changed",
						   vv_req_lang(r)));
}
