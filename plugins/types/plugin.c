/* Plugin "types" (Tapahtumatyypit): the route table and what the pages
 * share. Admins only (R-TY-1): operators are refused by the core before a
 * handler runs, and the layout hides the menu item from them. */
#include <string.h>
#include "types.h"

#define ADMIN VV_ROLE_ADMIN

static const struct vv_route routes[] = {
	{"GET", "/admin/types", vv_types_list, ADMIN, 0, "types-list.xsl"},
	{"POST", "/admin/types", vv_types_create, ADMIN, 0, "types-list.xsl"},
	{"GET", "/admin/types/{uuid}", vv_types_edit_form, ADMIN, 0, "types-edit.xsl"},
	{"POST", "/admin/types/{uuid}", vv_types_edit_post, ADMIN, 0, "types-edit.xsl"},
	{"GET", "/admin/types/{uuid}/delete", vv_types_delete_form, ADMIN, 0, "types-edit.xsl"},
	{"POST", "/admin/types/{uuid}/delete", vv_types_delete_post, ADMIN, 0, "types-edit.xsl"},
	{"GET", "/admin/types/{uuid}/customers", vv_types_type_customers_form, ADMIN, 0,
	 "types-choose.xsl"},
	{"POST", "/admin/types/{uuid}/customers", vv_types_type_customers_post, ADMIN, 0,
	 "types-choose.xsl"},
	{"GET", "/admin/customers/{uuid}/types", vv_types_customer_form, ADMIN, 0,
	 "types-choose.xsl"},
	{"POST", "/admin/customers/{uuid}/types", vv_types_customer_post, ADMIN, 0,
	 "types-choose.xsl"},
	/* R-TY-3: organisers' external groups. */
	{"POST", "/admin/groups", vv_types_group_create, ADMIN, 0, "types-list.xsl"},
	{"GET", "/admin/groups/{uuid}", vv_types_group_form, ADMIN, 0, "types-edit.xsl"},
	{"POST", "/admin/groups/{uuid}", vv_types_group_post, ADMIN, 0, "types-edit.xsl"},
	{"GET", "/admin/groups/{uuid}/delete", vv_types_group_delete_form, ADMIN, 0,
	 "types-edit.xsl"},
	{"POST", "/admin/groups/{uuid}/delete", vv_types_group_delete_post, ADMIN, 0,
	 "types-edit.xsl"},
	/* R-TY-4: groups shared with this tenant. */
	{"GET", "/admin/shared/{uuid}/customers", vv_types_shared_customers_form, ADMIN, 0,
	 "types-choose.xsl"},
	{"POST", "/admin/shared/{uuid}/customers", vv_types_shared_customers_post, ADMIN, 0,
	 "types-choose.xsl"},
	{0},
};

/* Yrityksen ylläpito, in the admin's list after Käyttäjät. */
static const struct vv_menu_item menu[] = {
	{"nav.company", NULL, "nav.types", "/admin/types", ADMIN, 310},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "types", .routes = routes, .menu = menu };

void vv_types_flash(vv_req_t *r)
{
	static const char *const done[] = {
		"created", "renamed", "deleted", "saved", "group-created", "group-saved",
		"group-deleted", NULL,
	};
	const char *d = vv_req_query(r, "done");
	if (!d)
		return;
	for (const char *const *k = done; *k; k++) {
		if (strcmp(d, *k) == 0) {
			xmlNodePtr f = vv_xml_add(vv_page(r), "flash");
			vv_xml_attr(f, "key", vv_sprintf(vv_req_arena(r), "types.flash.%s", *k));
			return;
		}
	}
}

const char *vv_types_path(vv_req_t *r, const char *suffix)
{
	return vv_sprintf(vv_req_arena(r), "/%s/admin/%s", vv_req_lang(r), suffix);
}

int vv_types_require_organiser(vv_req_t *r)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc == VV_NOTFOUND ? VV_FORBIDDEN : rc;
	return c.sharing_allowed ? 0 : VV_FORBIDDEN;
}

static int load_item(vv_req_t *r, struct vv_types_item *it, const char *sql, bool owner)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err, sql,
				       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)),
						  VV_DB_S(vv_req_arg(r, "uuid"))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	it->id = vv_db_int(res, 0, 0);
	it->uuid = vv_db_str(res, 1);
	it->name = vv_db_str(res, 2);
	it->owner = owner ? vv_db_str(res, 3) : NULL;
	return 0;
}

int vv_types_load_type(vv_req_t *r, struct vv_types_item *t)
{
	return load_item(r, t,
			 "SELECT id, uuid, name FROM event_types WHERE tenant_id = ? AND uuid = ?",
			 false);
}

int vv_types_load_group(vv_req_t *r, struct vv_types_item *g)
{
	return load_item(r, g,
			 "SELECT id, uuid, name FROM external_groups WHERE tenant_id = ? AND uuid = ?",
			 false);
}

int vv_types_load_shared(vv_req_t *r, struct vv_types_item *g)
{
	return load_item(r, g,
			 "SELECT g.id, g.uuid, g.name, t.name FROM group_shares s"
			 " JOIN external_groups g ON g.id = s.group_id"
			 " JOIN tenants t ON t.id = g.tenant_id"
			 " WHERE s.tenant_id = ? AND g.uuid = ? AND g.tenant_id <> s.tenant_id",
			 true);
}

int64_t vv_types_lock_item(vv_arena_t *a, const char *table, int64_t tenant, int64_t id)
{
	int err = 0;
	const char *sql = strcmp(table, "external_groups") == 0
		? "SELECT 1 FROM external_groups WHERE tenant_id = ? AND id = ? FOR UPDATE"
		: "SELECT 1 FROM event_types WHERE tenant_id = ? AND id = ? FOR UPDATE";
	vv_db_res_t *res = vv_db_query(a, &err, sql, VV_DB_ARGS(VV_DB_I(tenant), VV_DB_I(id)));
	if (!res)
		return err ? err : VV_ERR;
	return vv_db_next(res) ? 1 : 0;
}

int64_t vv_types_future_events(vv_arena_t *a, int64_t tenant, const char *column, int64_t id)
{
	int err = 0;
	const char *sql = strcmp(column, "group_id") == 0
		? "SELECT COUNT(*) FROM events WHERE tenant_id = ? AND group_id = ?"
		  " AND status = 'scheduled' AND ends_at > UTC_TIMESTAMP() FOR UPDATE"
		: "SELECT COUNT(*) FROM events WHERE tenant_id = ? AND type_id = ?"
		  " AND status = 'scheduled' AND ends_at > UTC_TIMESTAMP() FOR UPDATE";
	vv_db_res_t *res = vv_db_query(a, &err, sql, VV_DB_ARGS(VV_DB_I(tenant), VV_DB_I(id)));
	if (!res)
		return err ? err : VV_ERR;
	return vv_db_next(res) ? vv_db_int(res, 0, 0) : 0;
}
