/* Käyttäjät: the employee and customer lists, and adding a user. */
#include <string.h>
#include "admin.h"

/* Employees are the tenant's staff; customers are listed apart (R-TY-2). */
static int list_users(vv_req_t *r, const char *kind)
{
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	vv_db_res_t *res;
	if (strcmp(kind, "employee") == 0)
		res = vv_db_query(a, &err,
			"SELECT uuid, first_name, last_name, email, role, active, NULL, 0"
			" FROM users WHERE tenant_id = ? AND role IN ('admin', 'operator', 'professional')"
			" ORDER BY last_name" VV_NAME_ORDER ", first_name" VV_NAME_ORDER ", id",
			VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r))));
	else
		res = vv_db_query(a, &err,
			"SELECT u.uuid, u.first_name, u.last_name, u.email, u.role, u.active,"
			" COALESCE(u.language, t.language),"
			" EXISTS (SELECT 1 FROM login_links l WHERE l.tenant_id = u.tenant_id"
			"         AND l.user_id = u.id AND l.revoked_at IS NULL)"
			" FROM users u JOIN tenants t ON t.id = u.tenant_id"
			" WHERE u.tenant_id = ? AND u.role = 'customer'"
			" ORDER BY u.last_name" VV_NAME_ORDER ", u.first_name" VV_NAME_ORDER ", u.id",
			VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;

	vv_admin_flash(r);
	xmlNodePtr list = vv_xml_add(vv_page(r), "users");
	vv_xml_attr(list, "kind", kind);
	vv_xml_attr(list, "can-edit", vv_req_role(r) == VV_ROLE_ADMIN ? "1" : "0");
	while (vv_db_next(res)) {
		xmlNodePtr u = vv_xml_add(list, "user");
		vv_xml_attr(u, "uuid", vv_db_str(res, 0));
		vv_xml_attr(u, "first", vv_db_str(res, 1));
		vv_xml_attr(u, "last", vv_db_str(res, 2));
		vv_xml_attr(u, "email", vv_db_str(res, 3));
		vv_xml_attr(u, "role", vv_db_str(res, 4));
		vv_xml_attr(u, "active", vv_db_int(res, 5, 0) ? "1" : "0");
		vv_xml_attr(u, "language", vv_db_str(res, 6));
		vv_xml_attr(u, "link", vv_db_int(res, 7, 0) ? "1" : "0");
	}
	return 200;
}

int vv_admin_employees(vv_req_t *r)
{
	return list_users(r, "employee");
}

int vv_admin_customers(vv_req_t *r)
{
	return list_users(r, "customer");
}

xmlNodePtr vv_admin_user_form(vv_req_t *r, const char *mode, const struct vv_admin_user *u)
{
	xmlNodePtr f = vv_xml_add(vv_page(r), "user-form");
	vv_xml_attr(f, "mode", mode);
	vv_xml_attr(f, "kind", u->kind);
	vv_xml_attr(f, "uuid", u->uuid);
	vv_xml_attr(f, "first", u->first);
	vv_xml_attr(f, "last", u->last);
	vv_xml_attr(f, "email", u->email);
	vv_xml_attr(f, "role", u->role);
	vv_xml_attr(f, "language", u->language);
	if (u->id) {
		vv_xml_attr(f, "active", u->active ? "1" : "0");
		vv_xml_attr(f, "link", u->has_link ? "1" : "0");
		vv_xml_attr(f, "self", u->id == vv_req_user_id(r) ? "1" : "0");
		if (strcmp(u->kind, "customer") == 0)
			vv_admin_devices_xml(r, f, u->id);
		/* Kalenterisyöte is plugin feeds' page: a link only when it is loaded. */
		if (vv_route_exists("GET", vv_sprintf(vv_req_arena(r), "/admin/customers/%s/calendar-feed", u->uuid)))
			vv_xml_attr(f, "feed", "1");
	}
	return f;
}

/* "employee" or "customer" from the URL; NULL for anything else (404). */
static const char *kind_of(vv_req_t *r)
{
	const char *k = vv_req_arg(r, "kind");
	if (k && (strcmp(k, "employee") == 0 || strcmp(k, "customer") == 0))
		return k;
	return NULL;
}

int vv_admin_new_form(vv_req_t *r)
{
	const char *kind = kind_of(r);
	if (!kind)
		return VV_NOTFOUND;
	struct vv_admin_user u = {.kind = kind, .first = "", .last = "", .email = "", .role = ""};
	if (strcmp(kind, "customer") == 0)
		u.language = vv_tenant_language(r);
	vv_admin_user_form(r, "new", &u);
	return 200;
}

struct create_ctx {
	vv_req_t *r;
	const struct vv_admin_user *u;
	const char *password_hash; /* NULL for customers */
	const char *uuid;          /* out */
};

static int create_tx(vv_arena_t *a, void *p)
{
	struct create_ctx *c = p;
	c->uuid = vv_uuid_new(a);
	const bool customer = strcmp(c->u->kind, "customer") == 0;
	int64_t n = vv_db_exec(a,
		"INSERT INTO users (uuid, tenant_id, email, first_name, last_name, role, language,"
		" password_hash, active, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_S(c->uuid), VV_DB_I(vv_req_tenant_id(c->r)), VV_DB_S(c->u->email),
			   VV_DB_S(c->u->first), VV_DB_S(c->u->last),
			   VV_DB_S(customer ? "customer" : c->u->role),
			   VV_DB_S(customer ? c->u->language : NULL), VV_DB_S(c->password_hash)));
	if (n < 0)
		return (int)n;
	return vv_audit(c->r, "user.create",
			vv_sprintf(a, "user=%s role=%s", c->uuid, customer ? "customer" : c->u->role));
}

int vv_admin_new_post(vv_req_t *r)
{
	const char *kind = kind_of(r);
	if (!kind)
		return VV_NOTFOUND;
	vv_arena_t *a = vv_req_arena(r);
	const bool customer = strcmp(kind, "customer") == 0;
	struct vv_admin_user u = {.kind = kind};
	u.first = vv_form_line(r, "first", true, VV_ADMIN_NAME_MAX);
	u.last = vv_form_line(r, "last", true, VV_ADMIN_NAME_MAX);
	u.email = vv_admin_email_field(r, "email");
	const char *hash = NULL;
	if (customer) {
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
		const char *pw = vv_req_form(r, "password");
		if (!pw || !*pw)
			vv_form_error(r, "password", "err.required");
		else if (vv_password_check(pw) != 0)
			vv_form_error(r, "password", "admin.err.password");
		else if (vv_form_errors(r) == 0 && !(hash = vv_password_hash(a, pw)))
			return VV_ERR;
	}
	if (vv_form_errors(r) == 0) {
		struct create_ctx c = {r, &u, hash, NULL};
		int rc = vv_db_tx(a, create_tx, &c);
		if (rc >= 0)
			return vv_resp_redirect(r, 303, vv_sprintf(a, "/%s/admin/users/%s?done=created",
								 vv_req_lang(r), c.uuid));
		if (rc != VV_CONFLICT)
			return rc;
		vv_form_error(r, "email", "admin.err.email-taken");
	}
	/* The password is never sent back: it has to be typed again. */
	vv_admin_user_form(r, "new", &u);
	return 422;
}
