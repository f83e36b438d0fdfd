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

/* A login link's page, for GET (what the link shows) and for a press that
 * could not sign in. Opening the link signs nobody in: a link previewer
 * would use it up, and a staff member's browser that opens a customer's
 * link must keep its session unless they press the button knowing it. */
static int link_page(vv_req_t *r, int rc, const char *name)
{
	/* A customer's page: no staff "Kirjaudu sisään" in the header beside
	 * (or instead of) the one button that matters here. */
	vv_xml_attr(vv_page(r), "header", "plain");
	const char *what = rc == VV_LINK_USED ? "used" : rc == VV_LINK_EXPIRED ? "expired" : NULL;
	if (rc == VV_NOTFOUND || what) {
		xmlNodePtr n = vv_xml_add(vv_page(r), "link-invalid");
		if (what)
			vv_xml_attr(n, "why", what);
		return rc == VV_NOTFOUND ? 404 : 410;
	}
	xmlNodePtr n = vv_xml_add(vv_page(r), "link-confirm");
	vv_xml_attr(n, "name", name);
	vv_xml_attr(n, "token", vv_req_arg(r, "token"));
	/* Someone is signed in in this browser: the page says who, and that
	 * the press signs them out here. */
	if (vv_req_role(r) != VV_ROLE_ANON) {
		vv_xml_attr(n, "current", vv_req_user_name(r));
		vv_xml_attr(n, "staff", (vv_req_role(r) & VV_ROLES_STAFF) ? "1" : "0");
	}
	/* Previewers and search engines: nothing here to keep. */
	vv_resp_header(r, "X-Robots-Tag", "noindex, nofollow");
	return 200;
}

static int auth_login_link_form(vv_req_t *r)
{
	const char *name = NULL;
	int rc = vv_login_link_check(r, vv_req_arg(r, "token"), &name);
	if (rc == VV_LINK_SIGNED_IN) /* the tablet opened its own link again */
		return vv_resp_redirect(r, 303, landing(r));
	if (rc < 0 && rc != VV_NOTFOUND)
		return rc;
	return link_page(r, rc, name);
}

static int auth_login_link(vv_req_t *r)
{
	int rc = vv_login_link(r, vv_req_arg(r, "token"));
	if (rc == VV_OK || rc == VV_LINK_SIGNED_IN)
		return vv_resp_redirect(r, 303, landing(r));
	if (rc < 0 && rc != VV_NOTFOUND)
		return rc;
	return link_page(r, rc, NULL);
}

/* Where a tablet lands once its session has been ended (the admin ended
 * it, issued a new link, or it went unused too long): the session core
 * sends a browser that carries the tablet mark here instead of to the
 * staff sign-in form. Only a calm word on what to do; nothing to press. */
static int auth_signed_out(vv_req_t *r)
{
	if (vv_req_role(r) != VV_ROLE_ANON)
		return vv_resp_redirect(r, 303, landing(r));
	vv_xml_attr(vv_page(r), "header", "plain");
	vv_xml_add(vv_page(r), "signed-out");
	return 200;
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
	{"GET", "/login/{token}", auth_login_link_form, VV_ROLES_ALL, 0, "login.xsl"},
	{"POST", "/login/{token}", auth_login_link, VV_ROLES_ALL, 0, "login.xsl"},
	{"GET", "/logout", auth_logout_form, VV_ROLES_USER, 0, "logout.xsl"},
	{"POST", "/logout", auth_logout, VV_ROLES_ALL, 0, NULL},
	{"GET", "/signed-out", auth_signed_out, VV_ROLES_ALL, 0, "login.xsl"},
	/* Customers have no password (login links): staff only. */
	{"GET", "/account/password", vv_auth_password_form, VV_ROLES_STAFF, 0, "account-password.xsl"},
	{"POST", "/account/password", vv_auth_password_post, VV_ROLES_STAFF, 0, "account-password.xsl"},
	{0},
};

/* Sign in, the user's name and Kirjaudu ulos at the header's end. */
static const struct vv_part parts[] = {
	{VV_SLOT_HEADER, "account", "account.xsl", 0},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "auth", .routes = routes, .parts = parts };
