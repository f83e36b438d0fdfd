/* vv/care.h: who is shown what - event types and their customers,
 * external groups, their shares and the receiving tenants' choices. Every
 * change that narrows what a customer sees calls vv_access_revoke here,
 * in the caller's transaction, so no plugin can forget it, and records
 * that the tenants' calendars changed (vv_content_changed) the same way. */
#include "core.h"
#include "vv/care.h"
#include "vv/access.h"
#include "vv/changes.h"

/* The two kinds' tables, in the order the statements below use them. */
struct kind_sql {
	const char *insert, *rename, *del, *clear_customers, *clear_shares;
	const char *clear_active, *add_customer;
	enum vv_access_scope scope;
};

static const struct kind_sql kinds[] = {
	[VV_CARE_TYPE] = {
		"INSERT INTO event_types (uuid, tenant_id, name) VALUES (?, ?, ?)",
		"UPDATE event_types SET name = ? WHERE tenant_id = ? AND id = ?",
		"DELETE FROM event_types WHERE tenant_id = ? AND id = ?",
		"DELETE FROM type_customers WHERE type_id = ?",
		NULL,
		"DELETE x FROM type_customers x JOIN users u ON u.id = x.user_id"
		" WHERE x.tenant_id = ? AND x.type_id = ? AND u.tenant_id = x.tenant_id AND u.active = 1",
		"INSERT INTO type_customers (type_id, user_id, tenant_id) VALUES (?, ?, ?)",
		VV_ACCESS_TYPE,
	},
	[VV_CARE_GROUP] = {
		"INSERT INTO external_groups (uuid, tenant_id, name) VALUES (?, ?, ?)",
		"UPDATE external_groups SET name = ? WHERE tenant_id = ? AND id = ?",
		"DELETE FROM external_groups WHERE tenant_id = ? AND id = ?",
		"DELETE FROM group_customers WHERE group_id = ?",
		"DELETE FROM group_shares WHERE group_id = ?",
		"DELETE x FROM group_customers x JOIN users u ON u.id = x.user_id"
		" WHERE x.tenant_id = ? AND x.group_id = ? AND u.tenant_id = x.tenant_id AND u.active = 1",
		"INSERT INTO group_customers (group_id, user_id, tenant_id) VALUES (?, ?, ?)",
		VV_ACCESS_SHARED,
	},
};

static int done(int64_t n)
{
	return n < 0 ? (int)n : VV_OK;
}

int vv_care_item_create(vv_arena_t *a, enum vv_care_kind k, int64_t tenant, const char *uuid,
			const char *name)
{
	return done(vv_db_exec(a, kinds[k].insert,
			       VV_DB_ARGS(VV_DB_S(uuid), VV_DB_I(tenant), VV_DB_S(name))));
}

int vv_care_item_rename(vv_arena_t *a, enum vv_care_kind k, int64_t tenant, int64_t id,
			const char *name)
{
	int64_t n = vv_db_exec(a, kinds[k].rename,
			       VV_DB_ARGS(VV_DB_S(name), VV_DB_I(tenant), VV_DB_I(id)));
	return n < 0 ? (int)n : vv_content_changed(a, tenant, k == VV_CARE_GROUP ? id : 0);
}

int vv_care_item_delete(vv_arena_t *a, enum vv_care_kind k, int64_t tenant, int64_t id)
{
	/* Only tenant's own item: another tenant's id deletes nothing. */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, k == VV_CARE_TYPE
		? "SELECT 1 FROM event_types WHERE tenant_id = ? AND id = ?"
		: "SELECT 1 FROM external_groups WHERE tenant_id = ? AND id = ?",
		VV_DB_ARGS(VV_DB_I(tenant), VV_DB_I(id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_OK;
	/* Before the shares go: the tenants they name are told too. */
	int rc = vv_content_changed(a, tenant, k == VV_CARE_GROUP ? id : 0);
	if (rc < 0)
		return rc;
	int64_t n = vv_db_exec(a, kinds[k].clear_customers, VV_DB_ARGS(VV_DB_I(id)));
	if (n >= 0 && kinds[k].clear_shares)
		n = vv_db_exec(a, kinds[k].clear_shares, VV_DB_ARGS(VV_DB_I(id)));
	if (n >= 0)
		n = vv_db_exec(a, kinds[k].del, VV_DB_ARGS(VV_DB_I(tenant), VV_DB_I(id)));
	return done(n);
}

int vv_care_item_customers(vv_arena_t *a, vv_req_t *r, enum vv_care_kind k, int64_t id,
			   const int64_t *ids, size_t n)
{
	const int64_t me = r->tenant_id;
	int64_t m = vv_db_exec(a, kinds[k].clear_active, VV_DB_ARGS(VV_DB_I(me), VV_DB_I(id)));
	for (size_t i = 0; m >= 0 && i < n; i++)
		m = vv_db_exec(a, kinds[k].add_customer,
			       VV_DB_ARGS(VV_DB_I(id), VV_DB_I(ids[i]), VV_DB_I(me)));
	if (m >= 0)
		m = vv_content_changed(a, me, 0);
	if (m < 0)
		return (int)m;
	/* A customer taken off leaves the coming events they no longer see. */
	return vv_access_revoke(a, r, kinds[k].scope, me, id);
}

int vv_care_customer_items(vv_arena_t *a, vv_req_t *r, int64_t user, const int64_t *types,
			   size_t nt, const int64_t *groups, size_t ng)
{
	const int64_t me = r->tenant_id;
	int64_t m = vv_db_exec(a, "DELETE FROM type_customers WHERE tenant_id = ? AND user_id = ?",
			       VV_DB_ARGS(VV_DB_I(me), VV_DB_I(user)));
	if (m >= 0)
		m = vv_db_exec(a, "DELETE FROM group_customers WHERE tenant_id = ? AND user_id = ?",
			       VV_DB_ARGS(VV_DB_I(me), VV_DB_I(user)));
	for (size_t i = 0; m >= 0 && i < nt; i++)
		m = vv_db_exec(a, kinds[VV_CARE_TYPE].add_customer,
			       VV_DB_ARGS(VV_DB_I(types[i]), VV_DB_I(user), VV_DB_I(me)));
	for (size_t i = 0; m >= 0 && i < ng; i++)
		m = vv_db_exec(a, kinds[VV_CARE_GROUP].add_customer,
			       VV_DB_ARGS(VV_DB_I(groups[i]), VV_DB_I(user), VV_DB_I(me)));
	if (m >= 0)
		m = vv_content_changed(a, me, 0);
	if (m < 0)
		return (int)m;
	return vv_access_revoke(a, r, VV_ACCESS_USER, me, user);
}

int vv_care_group_shares(vv_arena_t *a, vv_req_t *r, int64_t group, const int64_t *tenants,
			 size_t n)
{
	const int64_t me = r->tenant_id;
	if (n > 0) {
		int err = 0;
		vv_db_res_t *res = vv_db_query(a, &err,
			"SELECT sharing_allowed FROM contracts WHERE tenant_id = ? LOCK IN SHARE MODE",
			VV_DB_ARGS(VV_DB_I(me)));
		if (!res)
			return err ? err : VV_ERR;
		if (!vv_db_next(res) || vv_db_int(res, 0, 0) == 0)
			return VV_FORBIDDEN;
	}
	/* The tenants it was shared with before and after are told. */
	int64_t m = vv_content_changed(a, me, group);
	if (m >= 0)
		m = vv_db_exec(a,
			"DELETE s FROM group_shares s JOIN external_groups g ON g.id = s.group_id"
			" WHERE s.group_id = ? AND g.tenant_id = ?",
			VV_DB_ARGS(VV_DB_I(group), VV_DB_I(me)));
	for (size_t i = 0; m >= 0 && i < n; i++)
		m = vv_db_exec(a, "INSERT INTO group_shares (group_id, tenant_id) VALUES (?, ?)",
			       VV_DB_ARGS(VV_DB_I(group), VV_DB_I(tenants[i])));
	if (m >= 0)
		m = vv_content_changed(a, me, group);
	/* A tenant the group is no longer shared with keeps no choices for it. */
	if (m >= 0)
		m = vv_db_exec(a,
			"DELETE gc FROM group_customers gc LEFT JOIN group_shares s"
			" ON s.group_id = gc.group_id AND s.tenant_id = gc.tenant_id"
			" WHERE gc.group_id = ? AND s.group_id IS NULL",
			VV_DB_ARGS(VV_DB_I(group)));
	if (m < 0)
		return (int)m;
	/* Their customers leave the group's coming events (R-TY-4). */
	return vv_access_revoke(a, r, VV_ACCESS_SHARE, me, group);
}

int vv_care_group_unshare(vv_arena_t *a, vv_req_t *r, int64_t organiser, int64_t group,
			  int64_t tenant)
{
	int64_t m = vv_db_exec(a,
		"DELETE s FROM group_shares s JOIN external_groups g ON g.id = s.group_id"
		" WHERE s.group_id = ? AND s.tenant_id = ? AND g.tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(group), VV_DB_I(tenant), VV_DB_I(organiser)));
	if (m >= 0)
		m = vv_db_exec(a, "DELETE FROM group_customers WHERE group_id = ? AND tenant_id = ?",
			       VV_DB_ARGS(VV_DB_I(group), VV_DB_I(tenant)));
	if (m >= 0)
		m = vv_content_changed(a, tenant, 0);
	if (m < 0)
		return (int)m;
	return vv_access_revoke(a, r, VV_ACCESS_SHARED, tenant, group);
}

int vv_care_end_shares(vv_arena_t *a, int64_t organiser, int64_t tenant, const char *why,
		       int *ended)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT g.id, g.uuid, t.id, t.uuid FROM group_shares s"
		" JOIN external_groups g ON g.id = s.group_id JOIN tenants t ON t.id = s.tenant_id"
		" WHERE g.tenant_id = ? AND (? = 0 OR s.tenant_id = ?) AND s.tenant_id <> g.tenant_id"
		" ORDER BY g.id, t.id FOR UPDATE",
		VV_DB_ARGS(VV_DB_I(organiser), VV_DB_I(tenant), VV_DB_I(tenant)));
	if (!res)
		return err ? err : VV_ERR;
	size_t n = (size_t)vv_db_rows(res), k = 0;
	struct share { int64_t group, tenant; const char *guuid, *tuuid; };
	struct share *v = vv_alloc(a, (n + 1) * sizeof(*v));
	while (vv_db_next(res) && k < n) {
		v[k] = (struct share){vv_db_int(res, 0, 0), vv_db_int(res, 2, 0), vv_db_str(res, 1),
				      vv_db_str(res, 3)};
		k++;
	}
	for (size_t i = 0; i < k; i++) {
		int rc = vv_care_group_unshare(a, NULL, organiser, v[i].group, v[i].tenant);
		if (rc >= 0)
			rc = vv_audit_by(a, organiser, 0, "group.unshare",
					 vv_sprintf(a, "group=%s tenant=%s (%s)", v[i].guuid, v[i].tuuid,
						    why));
		if (rc < 0)
			return rc;
	}
	*ended += (int)k;
	return VV_OK;
}
