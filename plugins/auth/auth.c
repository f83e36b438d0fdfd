/* Sign-in and sign-out pages, and the personal login links that put a
 * customer's tablet into its calendar without a password; a staff
 * member's own password is in password.c. The work (passwords,
 * throttling, sessions) is the core's: vv/auth.h. */
#include <string.h>
#include "auth.h"

/* Where a user lands after signing in: customers in the VV Home calendar
 * (R-NAV-3), staff in Muokkaa kalenteria, when those plugins are loaded. */
static const char *landing(vv_req_t *r)
{
	const char *lang = vv_req_lang(r);
	/* Professionals only enrol and join: the calendar is their page too. */
	unsigned role = vv_req_role(r);
	const char *path = (role & (VV_ROLE_CUSTOMER | VV_ROLE_PROFESSIONAL)) ? "/ecare/index/calendar"
									      : "/ecare/events";
	if (!vv_route_exists("GET", path))
		path = "/";
	return vv_sprintf(vv_req_arena(r), "/%s%s", lang, path);
}

static xmlNodePtr login_node(vv_req_t *r)
{
	xmlNodePtr n = vv_xml_add(vv_page(r), "login");
	vv_xml_attr(n, "email", vv_req_form(r, "email"));
	return n;
}

static int auth_login_form(vv_req_t *r)
{
	login_node(r);
	return 200;
}

static int auth_login(vv_req_t *r)
{
	const char *email = vv_req_form(r, "email");
	const char *password = vv_req_form(r, "password");
	xmlNodePtr n = login_node(r);
	if (!email || !*email)
		vv_form_error(r, "email", "auth.err.email-missing");
	else if (strlen(email) > 254)
		vv_form_error(r, "email", "err.too-long");
	if (!password || !*password)
		vv_form_error(r, "password", "auth.err.password-missing");
	else if (strlen(password) > 1024)
		vv_form_error(r, "password", "err.too-long");
	if (vv_form_errors(r))
		return 422;
	int wait = 0;
	int rc = vv_login_password(r, email, password, &wait);
	if (rc == VV_INVALID) {
		vv_form_error(r, "email", "auth.err.wrong");
		return 422;
	}
	if (rc == VV_CONFLICT) {
		vv_xml_attr_int(n, "wait", wait);
		vv_form_error_arg(r, "email", "auth.err.locked",
				  vv_sprintf(vv_req_arena(r), "%d", wait > 0 ? wait : 1));
		vv_resp_header(r, "Retry-After", vv_sprintf(vv_req_arena(r), "%d", wait > 0 ? wait : 1));
		return 429;
	}
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, landing(r));
}

/* GET, because a link on a tablet is opened, not posted: it signs the
 * tablet in and moves on at once, so the token is not left in the history
 * of a page that could be reloaded. */
static int auth_login_link(vv_req_t *r)
{
	int rc = vv_login_link(r, vv_req_arg(r, "token"));
	if (rc == VV_NOTFOUND) {
		vv_xml_add(vv_page(r), "link-invalid");
		return 404;
	}
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, landing(r));
}

static int auth_logout(vv_req_t *r)
{
	int rc = vv_logout(r);
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s/", vv_req_lang(r)));
}

/* Kirjaudutaanko ulos? (xsl/logout.xsl): customers have no sign-out
 * button; whoever signs a tablet out does it here, deliberately. */
static int auth_logout_form(vv_req_t *r)
{
	vv_xml_add(vv_page(r), "logout");
	return 200;
}

static const struct vv_route routes[] = {
	{"GET", "/login", auth_login_form, VV_ROLES_ALL, 0, "login.xsl"},
	{"POST", "/login", auth_login, VV_ROLES_ALL, 0, "login.xsl"},
	{"GET", "/login/{token}", auth_login_link, VV_ROLES_ALL, 0, "login.xsl"},
	{"GET", "/logout", auth_logout_form, VV_ROLES_USER, 0, "logout.xsl"},
	{"POST", "/logout", auth_logout, VV_ROLES_ALL, 0, NULL},
	/* Customers have no password (login links): staff only. */
	{"GET", "/account/password", vv_auth_password_form, VV_ROLES_STAFF, 0, "account-password.xsl"},
	{"POST", "/account/password", vv_auth_password_post, VV_ROLES_STAFF, 0, "account-password.xsl"},
	{0},
};

VV_PLUGIN("auth", routes, NULL, NULL, NULL);
