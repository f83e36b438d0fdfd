/* Ulkopuoliset ryhmät (R-TY-3): an organiser's external groups, their
 * names and the tenants each is shared with, chosen among the organiser's
 * partners only (R-TY-4; the hosting provider sets them, core/partner.c).
 * Organisers only (contract sharing_allowed); every other admin gets 403. */
#include <string.h>
#include "types.h"

/* <edit kind="group" mode uuid name value/> */
static xmlNodePtr group_page(vv_req_t *r, const char *mode, const struct vv_types_item *g,
			     const char *value)
{
	xmlNodePtr e = vv_xml_add(vv_page(r), "edit");
	vv_xml_attr(e, "kind", "group");
	vv_xml_attr(e, "mode", mode);
	vv_xml_attr(e, "uuid", g->uuid);
	vv_xml_attr(e, "name", g->name);
	vv_xml_attr(e, "value", value);
	return e;
}

/* The organiser's group named by {uuid}; 403 before anything else for a
 * tenant that is not an organiser. */
static int load(vv_req_t *r, struct vv_types_item *g)
{
	int rc = vv_types_require_organiser(r);
	if (rc < 0)
		return rc;
	return vv_types_load_group(r, g);
}

struct tenant_row {
	int64_t id;
	const char *uuid, *name;
	bool shared;
};

/* The tenant's partners (set by the hosting provider, vvctl partner) and
 * whether g is shared with each; the count in *n, NULL with *err on
 * failure. No other tenant is named to an organiser (R-TY-4). */
static struct tenant_row *other_tenants(vv_req_t *r, const struct vv_types_item *g, size_t *n,
					int *err)
{
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), err,
		"SELECT t.id, t.uuid, t.name, s.group_id IS NOT NULL FROM tenant_partners p"
		" JOIN tenants t ON t.id = p.partner_id"
		" LEFT JOIN group_shares s ON s.tenant_id = t.id AND s.group_id = ?"
		" WHERE p.tenant_id = ? AND p.partner_id <> p.tenant_id"
		" ORDER BY t.name" VV_NAME_ORDER ", t.id",
		VV_DB_ARGS(VV_DB_I(g->id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return NULL;
	struct tenant_row *rows = vv_alloc(vv_req_arena(r), (vv_db_rows(res) + 1) * sizeof(*rows));
	size_t k = 0;
	while (vv_db_next(res)) {
		rows[k].id = vv_db_int(res, 0, 0);
		rows[k].uuid = vv_db_str(res, 1);
		rows[k].name = vv_db_str(res, 2);
		rows[k].shared = vv_db_int(res, 3, 0) != 0;
		k++;
	}
	*n = k;
	return rows;
}

/* Adds <tenant uuid name checked/> per other tenant; chosen (nc values)
 * overrides the stored shares when not NULL. */
static void tenant_list(xmlNodePtr e, const struct tenant_row *rows, size_t n,
			const char **chosen, size_t nc)
{
	for (size_t i = 0; i < n; i++) {
		bool on = rows[i].shared;
		if (chosen) {
			on = false;
			for (size_t j = 0; j < nc && !on; j++)
				on = strcmp(chosen[j], rows[i].uuid) == 0;
		}
		xmlNodePtr t = vv_xml_add(e, "tenant");
		vv_xml_attr(t, "uuid", rows[i].uuid);
		vv_xml_attr(t, "name", rows[i].name);
		vv_xml_attr(t, "checked", on ? "1" : "0");
	}
}

int vv_types_group_form(vv_req_t *r)
{
	struct vv_types_item g;
	int rc = load(r, &g);
	if (rc < 0)
		return rc;
	int err = 0;
	size_t nt = 0;
	struct tenant_row *rows = other_tenants(r, &g, &nt, &err);
	if (!rows)
		return err ? err : VV_ERR;
	vv_types_flash(r);
	tenant_list(group_page(r, "edit", &g, g.name), rows, nt, NULL, 0);
	return 200;
}

struct save_ctx {
	vv_req_t *r;
	const struct vv_types_item *g;
	const char *name;
	const int64_t *tenants;
	size_t n;
};

static int save_tx(vv_arena_t *a, void *p)
{
	struct save_ctx *c = p;
	const int64_t me = vv_req_tenant_id(c->r);
	int rc = vv_care_item_rename(a, VV_CARE_GROUP, me, c->g->id, c->name);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < c->n; i++) {
		/* Still partners? Written, not only read: a partnership the
		 * hosting provider ends at this moment (on another Galera node
		 * too) conflicts with this, and one of the two goes again. */
		int64_t n = vv_db_exec(a,
			"UPDATE tenant_partners SET lock_serial = lock_serial + 1"
			" WHERE tenant_id = ? AND partner_id = ?",
			VV_DB_ARGS(VV_DB_I(me), VV_DB_I(c->tenants[i])));
		if (n < 0)
			return (int)n;
		if (n == 0)
			return VV_NOTFOUND;
	}
	/* The shares, the choices of those no longer shared with, and their
	 * customers out of the group's coming events (R-TY-4). */
	rc = vv_care_group_shares(a, c->r, c->g->id, c->tenants, c->n);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "group.update",
			vv_sprintf(a, "group=%s name=%s shares=%zu", c->g->uuid, c->name, c->n));
}

int vv_types_group_post(vv_req_t *r)
{
	struct vv_types_item g;
	int rc = load(r, &g);
	if (rc < 0)
		return rc;
	vv_arena_t *a = vv_req_arena(r);
	const char *name = vv_form_line(r, "name", true, VV_TYPES_NAME_MAX);
	size_t n = vv_req_form_all(r, "tenant", NULL, 0);
	if (n > VV_TYPES_CHOICES_MAX)
		return VV_INVALID;
	const char **chosen = vv_alloc(a, (n + 1) * sizeof(*chosen));
	n = vv_req_form_all(r, "tenant", chosen, n);
	int err = 0;
	size_t nt = 0;
	struct tenant_row *rows = other_tenants(r, &g, &nt, &err);
	if (!rows)
		return err ? err : VV_ERR;
	/* Each value must be a partner's uuid (duplicates count once): any
	 * other tenant, existing or not, gets the same answer. */
	int64_t *ids = vv_alloc(a, (n + 1) * sizeof(*ids));
	size_t k = 0;
	bool unknown = false;
	for (size_t i = 0; i < n; i++) {
		int64_t id = 0;
		for (size_t j = 0; j < nt && !id; j++)
			if (strcmp(rows[j].uuid, chosen[i]) == 0)
				id = rows[j].id;
		if (!id) {
			unknown = true;
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < k; j++)
			dup = dup || ids[j] == id;
		if (!dup)
			ids[k++] = id;
	}
	if (unknown)
		vv_form_error(r, "tenants", "types.err.unknown-tenant");
	if (vv_form_errors(r) == 0) {
		struct save_ctx c = {r, &g, name, ids, k};
		rc = vv_db_tx(a, save_tx, &c);
		if (rc >= 0)
			return vv_resp_redirect(r, 303, vv_types_path(r, "types?done=group-saved"));
		if (rc == VV_CONFLICT) {
			vv_form_error(r, "name", "types.err.group-taken");
		} else if (rc == VV_NOTFOUND) {
			/* A partnership ended since the list above was read. */
			vv_form_error(r, "tenants", "types.err.unknown-tenant");
			if (!(rows = other_tenants(r, &g, &nt, &err)))
				return err ? err : VV_ERR;
		} else {
			return rc;
		}
	}
	tenant_list(group_page(r, "edit", &g, name), rows, nt, chosen, n);
	return 422;
}

int vv_types_group_delete_form(vv_req_t *r)
{
	struct vv_types_item g;
	int rc = load(r, &g);
	if (rc < 0)
		return rc;
	group_page(r, "delete", &g, g.name);
	return 200;
}

struct delete_ctx {
	vv_req_t *r;
	const struct vv_types_item *g;
};

static int delete_tx(vv_arena_t *a, void *p)
{
	struct delete_ctx *c = p;
	const int64_t me = vv_req_tenant_id(c->r);
	/* The group's row first, as for a type (types.c delete_tx). */
	int64_t n = vv_types_lock_item(a, "external_groups", me, c->g->id);
	if (n <= 0)
		return (int)n;
	n = vv_types_future_events(a, me, "group_id", c->g->id);
	if (n < 0)
		return (int)n;
	if (n > 0)
		return 1;
	if ((n = vv_care_item_delete(a, VV_CARE_GROUP, me, c->g->id)) < 0)
		return (int)n;
	n = vv_audit(c->r, "group.delete", vv_sprintf(a, "group=%s name=%s", c->g->uuid, c->g->name));
	return n < 0 ? (int)n : 0;
}

int vv_types_group_delete_post(vv_req_t *r)
{
	struct vv_types_item g;
	int rc = load(r, &g);
	if (rc < 0)
		return rc;
	struct delete_ctx c = {r, &g};
	rc = vv_db_tx(vv_req_arena(r), delete_tx, &c);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return vv_resp_redirect(r, 303, vv_types_path(r, "types?done=group-deleted"));
	vv_form_error(r, "delete", "types.err.group-in-use");
	group_page(r, "delete", &g, g.name);
	return 422;
}
