/* One user of the tenant: edit, (de)activate, an employee's new password
 * and a customer's login link. */
#include <string.h>
#include "admin.h"

/* Loads the user named by the URL's {uuid}, of this tenant only: another
 * tenant's user is VV_NOTFOUND exactly like one that does not exist.
 * Must run before anything is put on the page, so that a 404 gets the
 * error page. */
int vv_admin_load_user(vv_req_t *r, struct vv_admin_user *u)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT u.id, u.uuid, u.first_name, u.last_name, u.email, u.role,"
		" COALESCE(u.language, t.language), u.active,"
		" EXISTS (SELECT 1 FROM login_links l WHERE l.tenant_id = u.tenant_id"
		"         AND l.user_id = u.id AND l.revoked_at IS NULL)"
		" FROM users u JOIN tenants t ON t.id = u.tenant_id"
		" WHERE u.tenant_id = ? AND u.uuid = ?",
		VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_S(vv_req_arg(r, "uuid"))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	memset(u, 0, sizeof(*u));
	u->id = vv_db_int(res, 0, 0);
	u->uuid = vv_db_str(res, 1);
	u->first = vv_db_str(res, 2);
	u->last = vv_db_str(res, 3);
	u->email = vv_db_str(res, 4);
	u->role = vv_db_str(res, 5);
	u->language = vv_db_str(res, 6);
	u->active = vv_db_int(res, 7, 0) != 0;
	u->has_link = vv_db_int(res, 8, 0) != 0;
	u->kind = strcmp(u->role, "customer") == 0 ? "customer" : "employee";
	return 0;
}

static const char *user_path(vv_req_t *r, const struct vv_admin_user *u, const char *done)
{
	return vv_sprintf(vv_req_arena(r), "/%s/admin/users/%s?done=%s", vv_req_lang(r), u->uuid, done);
}

int vv_admin_edit_form(vv_req_t *r)
{
	struct vv_admin_user u;
	int rc = vv_admin_load_user(r, &u);
	if (rc < 0)
		return rc;
	vv_admin_flash(r);
	vv_admin_user_form(r, "edit", &u);
	return 200;
}

struct update_ctx {
	vv_req_t *r;
	const struct vv_admin_user *u;
};

static int update_tx(vv_arena_t *a, void *p)
{
	struct update_ctx *c = p;
	const struct vv_admin_user *u = c->u;
	const bool customer = strcmp(u->kind, "customer") == 0;
	int64_t n = vv_db_exec(a,
		"UPDATE users SET first_name = ?, last_name = ?, email = ?, role = ?, language = ?,"
		" updated_at = UTC_TIMESTAMP() WHERE tenant_id = ? AND id = ?",
		VV_DB_ARGS(VV_DB_S(u->first), VV_DB_S(u->last), VV_DB_S(u->email),
			   VV_DB_S(customer ? "customer" : u->role),
			   VV_DB_S(customer ? u->language : NULL), VV_DB_I(vv_req_tenant_id(c->r)),
			   VV_DB_I(u->id)));
	if (n < 0)
		return (int)n;
	/* The alarm's cached answer knew the role (forced answer) and the
	 * language (the event's name). */
	int rc = vv_user_changed(a, u->id);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "user.update", vv_sprintf(a, "user=%s", u->uuid));
}

int vv_admin_edit_post(vv_req_t *r)
{
	struct vv_admin_user old, u;
	int rc = vv_admin_load_user(r, &old);
	if (rc < 0)
		return rc;
	u = old;
	u.first = vv_form_line(r, "first", true, VV_ADMIN_NAME_MAX);
	u.last = vv_form_line(r, "last", true, VV_ADMIN_NAME_MAX);
	u.email = vv_admin_email_field(r, "email");
	if (strcmp(u.kind, "customer") == 0) {
		u.language = vv_req_form(r, "language");
		if (!u.language || !*u.language)
			vv_form_error(r, "language", "err.required");
		else if (!vv_lang_valid(u.language))
			vv_form_error(r, "language", "admin.err.language");
	} else {
		u.role = vv_req_form(r, "role");
		if (!u.role || !*u.role)
			vv_form_error(r, "role", "err.required");
		else if (!vv_admin_staff_role_ok(u.role))
			vv_form_error(r, "role", "admin.err.role");
		/* An admin who demoted themself could lock the tenant out. */
		else if (u.id == vv_req_user_id(r) && strcmp(u.role, old.role) != 0)
			vv_form_error(r, "role", "admin.err.self-role");
	}
	if (vv_form_errors(r) == 0) {
		struct update_ctx c = {r, &u};
		rc = vv_db_tx(vv_req_arena(r), update_tx, &c);
		if (rc >= 0)
			return vv_resp_redirect(r, 303, user_path(r, &u, "saved"));
		if (rc != VV_CONFLICT)
			return rc;
		vv_form_error(r, "email", "admin.err.email-taken");
	}
	vv_admin_user_form(r, "edit", &u);
	return 422;
}

struct active_ctx {
	vv_req_t *r;
	const struct vv_admin_user *u;
	int active;
};

static int active_tx(vv_arena_t *a, void *p)
{
	struct active_ctx *c = p;
	int64_t n = vv_db_exec(a,
		"UPDATE users SET active = ?, updated_at = UTC_TIMESTAMP()"
		" WHERE tenant_id = ? AND id = ?",
		VV_DB_ARGS(VV_DB_I(c->active), VV_DB_I(vv_req_tenant_id(c->r)), VV_DB_I(c->u->id)));
	if (n < 0)
		return (int)n;
	if (!c->active) {
		int rc = vv_sessions_end_for_user(c->r, c->u->id);
		if (rc < 0)
			return rc;
		/* A deactivated customer's tablet link must not come back to life
		 * when the account is activated again: a new link is issued then. */
		if (strcmp(c->u->kind, "customer") == 0 && (rc = vv_login_link_revoke(c->r, c->u->id)) < 0)
			return rc;
	}
	return vv_audit(c->r, c->active ? "user.activate" : "user.deactivate",
			vv_sprintf(a, "user=%s", c->u->uuid));
}

static int set_active(vv_req_t *r, int active)
{
	struct vv_admin_user u;
	int rc = vv_admin_load_user(r, &u);
	if (rc < 0)
		return rc;
	if (!active && u.id == vv_req_user_id(r)) {
		vv_form_error(r, "deactivate", "admin.err.self-deactivate");
		vv_admin_user_form(r, "edit", &u);
		return 422;
	}
	struct active_ctx c = {r, &u, active};
	rc = vv_db_tx(vv_req_arena(r), active_tx, &c);
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, user_path(r, &u, active ? "activated" : "deactivated"));
}

int vv_admin_deactivate(vv_req_t *r)
{
	return set_active(r, 0);
}

int vv_admin_activate(vv_req_t *r)
{
	return set_active(r, 1);
}

struct link_ctx {
	vv_req_t *r;
	const struct vv_admin_user *u;
	const char *token; /* out */
};

static int link_issue_tx(vv_arena_t *a, void *p)
{
	struct link_ctx *c = p;
	int err = VV_ERR;
	(void)a;
	c->token = vv_login_link_issue(c->r, c->u->id, &err);
	/* The core audits the issue and the revocation itself. */
	return c->token ? 0 : (err < 0 ? err : VV_ERR);
}

static int link_revoke_tx(vv_arena_t *a, void *p)
{
	struct link_ctx *c = p;
	(void)a;
	int rc = vv_login_link_revoke(c->r, c->u->id);
	return rc < 0 ? rc : 0;
}

/* Login links are for customers' tablets only. */
static int load_customer(vv_req_t *r, struct vv_admin_user *u)
{
	int rc = vv_admin_load_user(r, u);
	if (rc < 0)
		return rc;
	return strcmp(u->kind, "customer") == 0 ? 0 : VV_NOTFOUND;
}

/* The token is shown on this one response and never again (only its hash
 * is stored), so this POST answers with the page instead of a redirect. */
int vv_admin_link_issue(vv_req_t *r)
{
	struct vv_admin_user u;
	int rc = load_customer(r, &u);
	if (rc < 0)
		return rc;
	if (!u.active) {
		vv_form_error(r, "login-link", "admin.err.link-inactive");
		vv_admin_user_form(r, "edit", &u);
		return 422;
	}
	struct link_ctx c = {r, &u, NULL};
	rc = vv_db_tx(vv_req_arena(r), link_issue_tx, &c);
	if (rc < 0)
		return rc;
	u.has_link = true;
	xmlNodePtr f = vv_admin_user_form(r, "edit", &u);
	const char *lang = vv_lang_valid(u.language) ? u.language : vv_tenant_language(r);
	xmlNodePtr l = vv_xml_add(f, "login-link");
	vv_xml_attr(l, "path", vv_sprintf(vv_req_arena(r), "/%s/login/%s", lang, c.token));
	return 200;
}

int vv_admin_link_revoke(vv_req_t *r)
{
	struct vv_admin_user u;
	int rc = load_customer(r, &u);
	if (rc < 0)
		return rc;
	struct link_ctx c = {r, &u, NULL};
	rc = vv_db_tx(vv_req_arena(r), link_revoke_tx, &c);
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, user_path(r, &u, "link-revoked"));
}

/* Aseta uusi salasana: for a staff member who forgot theirs. The admin's
 * own goes through Vaihda salasana, which asks for the current one: a
 * session left open must not be enough to take over the account. */
int vv_admin_password_reset(vv_req_t *r)
{
	struct vv_admin_user u;
	int rc = vv_admin_load_user(r, &u);
	if (rc < 0)
		return rc;
	if (strcmp(u.kind, "customer") == 0)
		return VV_NOTFOUND;
	const char *pw = NULL;
	if (u.id == vv_req_user_id(r))
		vv_form_error(r, "password", "admin.err.self-password");
	else
		pw = vv_form_new_password(r, "password", "password2");
	if (pw) {
		rc = vv_password_reset(r, u.id, pw);
		if (rc >= 0)
			return vv_resp_redirect(r, 303, user_path(r, &u, "password-reset"));
		if (rc != VV_INVALID)
			return rc;
		vv_form_error(r, "password", "err.invalid");
	}
	vv_admin_user_form(r, "edit", &u);
	return 422;
}
