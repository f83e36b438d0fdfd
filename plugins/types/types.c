/* Tapahtumatyypit: the list page (own types, groups shared with this
 * tenant, an organiser's own external groups) and creating, renaming and
 * deleting event types (R-TY-1). */
#include <string.h>
#include "types.h"

/* Counts only active customers of this tenant: what the admin can choose. */
#define ACTIVE_CUSTOMER \
	" JOIN users u ON u.id = x.user_id AND u.tenant_id = x.tenant_id" \
	" AND u.role = 'customer' AND u.active = 1"

/* Fills the list page; type_name / group_name are the create forms'
 * values (kept after a refusal). Returns 0 or a negative code. */
static int list_page(vv_req_t *r, const char *type_name, const char *group_name)
{
	vv_arena_t *a = vv_req_arena(r);
	const int64_t tenant = vv_req_tenant_id(r);
	struct vv_contract c;
	int err = vv_contract_get(r, &c);
	if (err < 0)
		return err;
	vv_db_res_t *types = vv_db_query(a, &err,
		"SELECT t.uuid, t.name, (SELECT COUNT(*) FROM type_customers x" ACTIVE_CUSTOMER
		"  WHERE x.tenant_id = t.tenant_id AND x.type_id = t.id)"
		" FROM event_types t WHERE t.tenant_id = ? ORDER BY t.name" VV_NAME_ORDER ", t.id",
		VV_DB_ARGS(VV_DB_I(tenant)));
	if (!types)
		return err ? err : VV_ERR;
	vv_db_res_t *shared = vv_db_query(a, &err,
		"SELECT g.uuid, g.name, o.name, (SELECT COUNT(*) FROM group_customers x" ACTIVE_CUSTOMER
		"  WHERE x.tenant_id = s.tenant_id AND x.group_id = g.id)"
		" FROM group_shares s JOIN external_groups g ON g.id = s.group_id"
		" JOIN tenants o ON o.id = g.tenant_id"
		" WHERE s.tenant_id = ? AND g.tenant_id <> s.tenant_id ORDER BY g.name" VV_NAME_ORDER ", g.id",
		VV_DB_ARGS(VV_DB_I(tenant)));
	if (!shared)
		return err ? err : VV_ERR;
	vv_db_res_t *groups = NULL;
	if (c.sharing_allowed) {
		/* One row per share (or one for a group shared with nobody): the
		 * organiser sees whom each group is shared with, by name. */
		groups = vv_db_query(a, &err,
			"SELECT g.uuid, g.name, t.name FROM external_groups g"
			" LEFT JOIN group_shares s ON s.group_id = g.id AND s.tenant_id <> g.tenant_id"
			" LEFT JOIN tenants t ON t.id = s.tenant_id"
			" WHERE g.tenant_id = ? ORDER BY g.name" VV_NAME_ORDER ", g.id, t.name" VV_NAME_ORDER
			", t.id",
			VV_DB_ARGS(VV_DB_I(tenant)));
		if (!groups)
			return err ? err : VV_ERR;
	}
	xmlNodePtr p = vv_xml_add(vv_page(r), "types-page");
	vv_xml_attr(p, "organiser", c.sharing_allowed ? "1" : "0");
	vv_xml_attr(p, "type-name", type_name);
	vv_xml_attr(p, "group-name", group_name);
	while (vv_db_next(types)) {
		xmlNodePtr n = vv_xml_add(p, "type");
		vv_xml_attr(n, "uuid", vv_db_str(types, 0));
		vv_xml_attr(n, "name", vv_db_str(types, 1));
		vv_xml_attr(n, "customers", vv_db_str(types, 2));
	}
	while (vv_db_next(shared)) {
		xmlNodePtr n = vv_xml_add(p, "shared");
		vv_xml_attr(n, "uuid", vv_db_str(shared, 0));
		vv_xml_attr(n, "name", vv_db_str(shared, 1));
		vv_xml_attr(n, "owner", vv_db_str(shared, 2));
		vv_xml_attr(n, "customers", vv_db_str(shared, 3));
	}
	xmlNodePtr g = NULL;
	const char *last = NULL;
	int nshares = 0;
	while (groups && vv_db_next(groups)) {
		const char *uuid = vv_db_str(groups, 0), *with = vv_db_str(groups, 2);
		if (!last || strcmp(last, uuid) != 0) {
			if (g)
				vv_xml_attr_int(g, "shares", nshares);
			g = vv_xml_add(p, "group");
			vv_xml_attr(g, "uuid", uuid);
			vv_xml_attr(g, "name", vv_db_str(groups, 1));
			last = uuid;
			nshares = 0;
		}
		if (with) {
			vv_xml_attr(vv_xml_add(g, "share"), "name", with);
			nshares++;
		}
	}
	if (g)
		vv_xml_attr_int(g, "shares", nshares);
	return 0;
}

int vv_types_list(vv_req_t *r)
{
	vv_types_flash(r);
	int rc = list_page(r, "", "");
	return rc < 0 ? rc : 200;
}

struct name_ctx {
	vv_req_t *r;
	const char *uuid;
	const char *name;
	int64_t id;
	const char *old;
};

static int create_tx(vv_arena_t *a, void *p)
{
	struct name_ctx *c = p;
	int rc = vv_care_item_create(a, VV_CARE_TYPE, vv_req_tenant_id(c->r), c->uuid, c->name);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "type.create", vv_sprintf(a, "type=%s name=%s", c->uuid, c->name));
}

/* A new random identifier (version 4: it tells nothing of when or where). */
static const char *new_uuid(vv_req_t *r, int *err)
{
	*err = 0;
	return vv_uuid_new(vv_req_arena(r));
}

int vv_types_create(vv_req_t *r)
{
	const char *name = vv_form_line(r, "name", true, VV_TYPES_NAME_MAX);
	if (vv_form_errors(r) == 0) {
		int err = VV_ERR;
		struct name_ctx c = {r, new_uuid(r, &err), name, 0, NULL};
		if (!c.uuid)
			return err < 0 ? err : VV_ERR;
		int rc = vv_db_tx(vv_req_arena(r), create_tx, &c);
		if (rc >= 0)
			return vv_resp_redirect(r, 303, vv_types_path(r, "types?done=created"));
		if (rc != VV_CONFLICT)
			return rc;
		vv_form_error(r, "name", "types.err.name-taken");
	}
	int rc = list_page(r, name, "");
	return rc < 0 ? rc : 422;
}

/* <edit kind mode uuid name value/>: the rename or delete page. */
static xmlNodePtr edit_page(vv_req_t *r, const char *kind, const char *mode,
			    const struct vv_types_item *it, const char *value)
{
	xmlNodePtr e = vv_xml_add(vv_page(r), "edit");
	vv_xml_attr(e, "kind", kind);
	vv_xml_attr(e, "mode", mode);
	vv_xml_attr(e, "uuid", it->uuid);
	vv_xml_attr(e, "name", it->name);
	vv_xml_attr(e, "value", value);
	return e;
}

int vv_types_edit_form(vv_req_t *r)
{
	struct vv_types_item t;
	int rc = vv_types_load_type(r, &t);
	if (rc < 0)
		return rc;
	vv_types_flash(r);
	edit_page(r, "type", "edit", &t, t.name);
	return 200;
}

static int rename_tx(vv_arena_t *a, void *p)
{
	struct name_ctx *c = p;
	int rc = vv_care_item_rename(a, VV_CARE_TYPE, vv_req_tenant_id(c->r), c->id, c->name);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "type.rename",
			vv_sprintf(a, "type=%s from=%s to=%s", c->uuid, c->old, c->name));
}

int vv_types_edit_post(vv_req_t *r)
{
	struct vv_types_item t;
	int rc = vv_types_load_type(r, &t);
	if (rc < 0)
		return rc;
	const char *name = vv_form_line(r, "name", true, VV_TYPES_NAME_MAX);
	if (vv_form_errors(r) == 0) {
		struct name_ctx c = {r, t.uuid, name, t.id, t.name};
		rc = vv_db_tx(vv_req_arena(r), rename_tx, &c);
		if (rc >= 0)
			return vv_resp_redirect(r, 303, vv_types_path(r, "types?done=renamed"));
		if (rc != VV_CONFLICT)
			return rc;
		vv_form_error(r, "name", "types.err.name-taken");
	}
	edit_page(r, "type", "edit", &t, name);
	return 422;
}

int vv_types_delete_form(vv_req_t *r)
{
	struct vv_types_item t;
	int rc = vv_types_load_type(r, &t);
	if (rc < 0)
		return rc;
	edit_page(r, "type", "delete", &t, t.name);
	return 200;
}

struct delete_ctx {
	vv_req_t *r;
	const struct vv_types_item *it;
};

/* 1 (nothing done) while scheduled events not yet over use the type. */
static int delete_tx(vv_arena_t *a, void *p)
{
	struct delete_ctx *c = p;
	const int64_t tenant = vv_req_tenant_id(c->r);
	/* The type's row first: a creation (plugins/events) share-locks it
	 * before inserting its event, so the count below includes that event,
	 * or the creation finds the type gone. */
	int64_t n = vv_types_lock_item(a, "event_types", tenant, c->it->id);
	if (n <= 0)
		return (int)n; /* gone meanwhile: deleted by someone else */
	n = vv_types_future_events(a, tenant, "type_id", c->it->id);
	if (n < 0)
		return (int)n;
	if (n > 0)
		return 1;
	if ((n = vv_care_item_delete(a, VV_CARE_TYPE, tenant, c->it->id)) < 0)
		return (int)n;
	n = vv_audit(c->r, "type.delete", vv_sprintf(a, "type=%s name=%s", c->it->uuid, c->it->name));
	return n < 0 ? (int)n : 0;
}

int vv_types_delete_post(vv_req_t *r)
{
	struct vv_types_item t;
	int rc = vv_types_load_type(r, &t);
	if (rc < 0)
		return rc;
	struct delete_ctx c = {r, &t};
	rc = vv_db_tx(vv_req_arena(r), delete_tx, &c);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return vv_resp_redirect(r, 303, vv_types_path(r, "types?done=deleted"));
	vv_form_error(r, "delete", "types.err.type-in-use");
	edit_page(r, "type", "delete", &t, t.name);
	return 422;
}

/* Creating an external group re-shows the list page on a refusal, so it
 * lives here beside list_page. */
static int group_create_tx(vv_arena_t *a, void *p)
{
	struct name_ctx *c = p;
	int rc = vv_care_item_create(a, VV_CARE_GROUP, vv_req_tenant_id(c->r), c->uuid, c->name);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "group.create", vv_sprintf(a, "group=%s name=%s", c->uuid, c->name));
}

int vv_types_group_create(vv_req_t *r)
{
	int rc = vv_types_require_organiser(r);
	if (rc < 0)
		return rc;
	const char *name = vv_form_line(r, "group_name", true, VV_TYPES_NAME_MAX);
	if (vv_form_errors(r) == 0) {
		int err = VV_ERR;
		struct name_ctx c = {r, new_uuid(r, &err), name, 0, NULL};
		if (!c.uuid)
			return err < 0 ? err : VV_ERR;
		rc = vv_db_tx(vv_req_arena(r), group_create_tx, &c);
		if (rc >= 0)
			return vv_resp_redirect(r, 303, vv_types_path(r, "types?done=group-created"));
		if (rc != VV_CONFLICT)
			return rc;
		vv_form_error(r, "group_name", "types.err.group-taken");
	}
	rc = list_page(r, "", name);
	return rc < 0 ? rc : 422;
}
