/* Partnerships between tenants (R-TY-4), set by the hosting provider.
 *
 * A hosting provider serves several organisations that must not learn of
 * each other: an organiser's share page lists only its partners, and only
 * they can receive its external groups. A partnership goes both ways
 * (schema/008: two rows, written and deleted together). Ending one ends
 * every share between the two in both directions, as the organiser's own
 * un-sharing would (plugins/types groups.c): the receiving tenant's
 * choices for those groups go, and its customers leave the coming events
 * they saw through them (vv_access_revoke, which also tells the alarm
 * poll's copies through vv_event_changed). Every change is audited in
 * both tenants' logs with user_id NULL. */
#include <string.h>
#include "core.h"
#include "vvctl/provision.h"

struct tenant_ref {
	int64_t id;
	const char *uuid, *name;
};

/* Reads t->uuid and t->name for t->id; VV_NOTFOUND when it is gone. */
static int tenant_ref(vv_arena_t *a, struct tenant_ref *t)
{
	int err = VV_OK;
	vv_db_res_t *res = vv_db_query(a, &err, "SELECT uuid, name FROM tenants WHERE id = ?",
				       VV_DB_ARGS(VV_DB_I(t->id)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	t->uuid = vv_db_str(res, 0);
	t->name = vv_db_str(res, 1);
	return VV_OK;
}

struct pair_tx {
	struct tenant_ref t[2];
	int shares; /* out: shares ended (remove) */
};

/* "partner=<uuid> name=<name>" in each tenant's log, naming the other. */
static int audit_both(vv_arena_t *a, const struct pair_tx *x, const char *action,
		      const char *extra)
{
	for (int i = 0; i < 2; i++) {
		const struct tenant_ref *o = &x->t[1 - i];
		int rc = vv_audit_by(a, x->t[i].id, 0, action,
			       vv_sprintf(a, "partner=%s name=%s%s", o->uuid, o->name, extra));
		if (rc < 0)
			return rc;
	}
	return VV_OK;
}

static int add_tx(vv_arena_t *a, void *ctx)
{
	struct pair_tx *x = ctx;
	for (int i = 0; i < 2; i++) {
		int rc = tenant_ref(a, &x->t[i]);
		if (rc < 0)
			return rc;
	}
	int64_t n = vv_db_exec(a,
		"INSERT IGNORE INTO tenant_partners (tenant_id, partner_id) VALUES (?, ?), (?, ?)",
		VV_DB_ARGS(VV_DB_I(x->t[0].id), VV_DB_I(x->t[1].id), VV_DB_I(x->t[1].id),
			   VV_DB_I(x->t[0].id)));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return 1;
	int rc = audit_both(a, x, "partner.add", "");
	return rc < 0 ? rc : 0;
}

static int remove_tx(vv_arena_t *a, void *ctx)
{
	struct pair_tx *x = ctx;
	x->shares = 0;
	for (int i = 0; i < 2; i++) {
		int rc = tenant_ref(a, &x->t[i]);
		if (rc < 0)
			return rc;
	}
	/* The rows first: a share being saved with the partner at this moment
	 * writes one of them (lock_serial) and so waits, or conflicts. */
	int64_t n = vv_db_exec(a,
		"DELETE FROM tenant_partners WHERE (tenant_id = ? AND partner_id = ?)"
		" OR (tenant_id = ? AND partner_id = ?)",
		VV_DB_ARGS(VV_DB_I(x->t[0].id), VV_DB_I(x->t[1].id), VV_DB_I(x->t[1].id),
			   VV_DB_I(x->t[0].id)));
	if (n < 0)
		return (int)n;
	/* Shares without a partnership are ended too (made by hand): what
	 * the command promises is that nothing is shared between the two. */
	int rc = vv_care_end_shares(a, x->t[0].id, x->t[1].id, "partnership ended", &x->shares);
	if (rc >= 0)
		rc = vv_care_end_shares(a, x->t[1].id, x->t[0].id, "partnership ended", &x->shares);
	if (rc < 0)
		return rc;
	if (n == 0 && x->shares == 0)
		return 1;
	rc = audit_both(a, x, "partner.remove", vv_sprintf(a, " shares_ended=%d", x->shares));
	return rc < 0 ? rc : 0;
}

int vv_prov_partner_add(vv_arena_t *a, int64_t tenant_id, int64_t partner_id)
{
	if (tenant_id == partner_id)
		return VV_INVALID;
	struct pair_tx x = {{{tenant_id, NULL, NULL}, {partner_id, NULL, NULL}}, 0};
	return vv_db_tx(a, add_tx, &x);
}

int vv_prov_partner_remove(vv_arena_t *a, int64_t tenant_id, int64_t partner_id, int *shares)
{
	if (tenant_id == partner_id)
		return VV_INVALID;
	struct pair_tx x = {{{tenant_id, NULL, NULL}, {partner_id, NULL, NULL}}, 0};
	int rc = vv_db_tx(a, remove_tx, &x);
	*shares = rc >= 0 ? x.shares : 0;
	return rc;
}

/* Shares between the row's two tenants, either way: a subquery on p. */
#define SHARES_BETWEEN                                                                         \
	"(SELECT COUNT(*) FROM group_shares s JOIN external_groups g ON g.id = s.group_id"    \
	"  WHERE (g.tenant_id = p.tenant_id AND s.tenant_id = p.partner_id)"                   \
	"  OR (g.tenant_id = p.partner_id AND s.tenant_id = p.tenant_id))"

int vv_prov_partner_list(vv_arena_t *a, int64_t tenant_id, FILE *out)
{
	int err = VV_OK;
	vv_db_res_t *res;
	if (tenant_id > 0) {
		res = vv_db_query(a, &err,
			"SELECT t.uuid, COALESCE(c.sharing_allowed, 0), " SHARES_BETWEEN ", t.name"
			" FROM tenant_partners p JOIN tenants t ON t.id = p.partner_id"
			" LEFT JOIN contracts c ON c.tenant_id = t.id"
			" WHERE p.tenant_id = ? ORDER BY t.name, t.id",
			VV_DB_ARGS(VV_DB_I(tenant_id)));
		if (!res)
			return err;
		fprintf(out, "%-36s  %-9s  %-6s  %s\n", "UUID", "ORGANISER", "SHARES", "NAME");
		while (vv_db_next(res))
			fprintf(out, "%-36s  %-9s  %-6lld  %s\n", vv_db_str(res, 0),
				vv_db_int(res, 1, 0) ? "yes" : "no", (long long)vv_db_int(res, 2, 0),
				vv_db_str(res, 3));
		return VV_OK;
	}
	/* Every pair once: the row whose tenant has the smaller id. */
	res = vv_db_query(a, &err,
		"SELECT a.name, b.name, " SHARES_BETWEEN ", DATE_FORMAT(p.created_at, '%Y-%m-%d')"
		" FROM tenant_partners p JOIN tenants a ON a.id = p.tenant_id"
		" JOIN tenants b ON b.id = p.partner_id"
		" WHERE p.tenant_id < p.partner_id ORDER BY a.name, b.name, p.tenant_id, p.partner_id",
		VV_DB_NONE);
	if (!res)
		return err;
	vv_prov_pad(out, "TENANT", 30);
	fputs("  ", out);
	vv_prov_pad(out, "PARTNER", 30);
	fprintf(out, "  %-6s  %s\n", "SHARES", "SINCE");
	while (vv_db_next(res)) {
		vv_prov_pad(out, vv_db_str(res, 0), 30);
		fputs("  ", out);
		vv_prov_pad(out, vv_db_str(res, 1), 30);
		fprintf(out, "  %-6lld  %s\n", (long long)vv_db_int(res, 2, 0), vv_db_str(res, 3));
	}
	return VV_OK;
}
