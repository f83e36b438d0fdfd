/* Contracts, policies and the audit log. The checks live here, once, so
 * that every plugin enforces the same limits with the same words. */
#include <string.h>
#include "core.h"

/* The request's copy of the contract from a row of CONTRACT_COLUMNS (NULLs
 * for a tenant without a contract row). Defaults match schema/002's column
 * defaults: a tenant without a row gets what a new contract would give. */
#define CONTRACT_COLUMNS                                                                  \
	"c.max_participants, c.recording_allowed, c.sharing_allowed, c.max_event_minutes," \
	" c.max_concurrent_events"

static void contract_keep(vv_req_t *r, vv_db_res_t *res, bool have_row)
{
	struct vv_contract d = {25, false, false, 120, 5};
	if (have_row) {
		d.max_participants = vv_db_int(res, 0, d.max_participants);
		d.recording_allowed = vv_db_int(res, 1, 0) != 0;
		d.sharing_allowed = vv_db_int(res, 2, 0) != 0;
		d.max_event_minutes = vv_db_int(res, 3, d.max_event_minutes);
		d.max_concurrent_events = vv_db_int(res, 4, d.max_concurrent_events);
	}
	if (!r->contract)
		r->contract = vv_alloc(r->arena, sizeof(*r->contract));
	*r->contract = d;
}

int vv_contract_get(vv_req_t *r, struct vv_contract *c)
{
	if (!r->tenant_id)
		return VV_NOTFOUND;
	if (!r->contract) {
		int err = 0;
		vv_db_res_t *res = vv_db_query(r->arena, &err,
			"SELECT " CONTRACT_COLUMNS " FROM contracts c WHERE c.tenant_id = ?",
			VV_DB_ARGS(VV_DB_I(r->tenant_id)));
		if (!res)
			return err;
		contract_keep(r, res, vv_db_next(res));
	}
	*c = *r->contract;
	return VV_OK;
}

int vv_contract_lock(vv_req_t *r)
{
	if (!r->tenant_id)
		return VV_NOTFOUND;
	/* A write, not only a lock: on a Galera cluster two nodes' writes of
	 * the same row conflict at commit and one transaction is retried
	 * whole (vv_db_tx), where a SELECT ... FOR UPDATE on each node would
	 * let both through (schema/007). On one server it is the row lock. */
	int64_t n = vv_db_exec(r->arena, "UPDATE tenants SET lock_serial = lock_serial + 1 WHERE id = ?",
			       VV_DB_ARGS(VV_DB_I(r->tenant_id)));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return VV_NOTFOUND;
	/* The tenant's row always exists, the contract's may not: the contract
	 * row (when there is one) is locked with it. */
	int err = 0;
	vv_db_res_t *res = vv_db_query(r->arena, &err,
		"SELECT " CONTRACT_COLUMNS ", c.tenant_id IS NOT NULL FROM tenants t"
		" LEFT JOIN contracts c ON c.tenant_id = t.id WHERE t.id = ? FOR UPDATE",
		VV_DB_ARGS(VV_DB_I(r->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	contract_keep(r, res, vv_db_int(res, 5, 0) != 0);
	return VV_OK;
}

const char *vv_end_policy(const char *s)
{
	if (s && strcmp(s, VV_END_CREATOR) == 0)
		return VV_END_CREATOR;
	if (s && strcmp(s, VV_END_STAFF) == 0)
		return VV_END_STAFF;
	return VV_END_CREATOR_ADMIN;
}

void vv_policy_read(vv_db_res_t *res, int col, struct vv_policy *p)
{
	const struct vv_policy d = VV_POLICY_DEFAULTS;
	p->hangup_presses = vv_db_int(res, col, d.hangup_presses) == 1 ? 1 : 2;
	p->end_policy = vv_end_policy(vv_db_str(res, col + 1));
	p->default_capacity = vv_db_int(res, col + 2, d.default_capacity);
	p->warning_minutes = vv_db_int(res, col + 3, d.warning_minutes);
}

int vv_policy_get(vv_req_t *r, struct vv_policy *p)
{
	if (!r->tenant_id)
		return VV_NOTFOUND;
	if (r->policy) {
		*p = *r->policy;
		return VV_OK;
	}
	struct vv_policy d = VV_POLICY_DEFAULTS;
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		r->arena, &err,
		"SELECT hangup_presses, end_policy, default_capacity, warning_minutes"
		" FROM tenant_policies WHERE tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(r->tenant_id)));
	if (!res)
		return err;
	if (vv_db_next(res))
		vv_policy_read(res, 0, &d);
	r->policy = vv_alloc(r->arena, sizeof(*r->policy));
	*r->policy = d;
	*p = d;
	return VV_OK;
}

int vv_check_capacity(vv_req_t *r, const char *field, int64_t customers)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc;
	if (customers < 1 || customers > c.max_participants) {
		vv_form_error_arg(r, field, "contract.capacity",
				  vv_sprintf(r->arena, "%lld", (long long)c.max_participants));
		return VV_INVALID;
	}
	return VV_OK;
}

int vv_check_recording(vv_req_t *r, const char *field)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc;
	if (!c.recording_allowed) {
		vv_form_error(r, field, "contract.recording");
		return VV_INVALID;
	}
	return VV_OK;
}

int vv_check_sharing(vv_req_t *r, const char *field)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc;
	if (!c.sharing_allowed) {
		vv_form_error(r, field, "contract.sharing");
		return VV_INVALID;
	}
	return VV_OK;
}

int vv_check_event_length(vv_req_t *r, const char *field, int64_t minutes)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc;
	if (minutes < 15 || minutes > c.max_event_minutes) {
		vv_form_error_arg(r, field, "contract.length",
				  vv_sprintf(r->arena, "%lld", (long long)c.max_event_minutes));
		return VV_INVALID;
	}
	return VV_OK;
}

int vv_check_concurrency(vv_req_t *r, const char *field, int64_t starts_at, int64_t ends_at,
			 int64_t exclude_event_id)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc;
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		r->arena, &err,
		"SELECT COUNT(*) FROM events WHERE tenant_id = ? AND status = 'scheduled'"
		" AND starts_at < FROM_UNIXTIME(?) AND ends_at > FROM_UNIXTIME(?) AND id <> ?",
		VV_DB_ARGS(VV_DB_I(r->tenant_id), VV_DB_I(ends_at), VV_DB_I(starts_at),
			   VV_DB_I(exclude_event_id)));
	if (!res)
		return err;
	int64_t n = vv_db_next(res) ? vv_db_int(res, 0, 0) : 0;
	if (n >= c.max_concurrent_events) {
		vv_form_error_arg(r, field, "contract.concurrent",
				  vv_sprintf(r->arena, "%lld", (long long)c.max_concurrent_events));
		return VV_INVALID;
	}
	return VV_OK;
}

const char *vv_tenant_tz(vv_req_t *r)
{
	return r->tz ? r->tz : vv_conf_get("app", "timezone", "Europe/Helsinki");
}

const char *vv_tenant_language(vv_req_t *r)
{
	return r->tenant_language ? r->tenant_language : vv_conf_get("app", "default_language", "fi");
}

int vv_audit(vv_req_t *r, const char *action, const char *detail)
{
	return vv_audit_for(r, r->tenant_id, action, detail);
}

int vv_audit_for(vv_req_t *r, int64_t tenant_id, const char *action, const char *detail)
{
	return vv_audit_by(r->arena, tenant_id, r->user_id, action, detail);
}

int vv_audit_by(vv_arena_t *a, int64_t tenant_id, int64_t user_id, const char *action,
		const char *detail)
{
	int64_t n = vv_db_exec(a,
			       "INSERT INTO audit_log (tenant_id, user_id, action, detail, created_at)"
			       " VALUES (?, ?, ?, ?, UTC_TIMESTAMP())",
			       VV_DB_ARGS(VV_DB_I(tenant_id),
					  VV_DB_S(user_id ? vv_sprintf(a, "%lld", (long long)user_id) : NULL),
					  VV_DB_S(action), VV_DB_S(detail)));
	return n < 0 ? (int)n : VV_OK;
}
