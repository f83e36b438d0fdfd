/* Tenants, contracts, policies and the audit log: the limits every plugin
 * must respect, checked here so that no plugin re-implements one.
 *
 * Every function works on the tenant of the request's session. */
#ifndef VV_TENANT_H
#define VV_TENANT_H

#include <stdbool.h>
#include <stdint.h>
#include "vv/req.h"
#include "vv/db.h"

/* The hosting provider's contract with the tenant. */
struct vv_contract {
	int64_t max_participants;      /* customers per event */
	bool recording_allowed;
	bool sharing_allowed;          /* the tenant is an eCare-event organiser */
	int64_t max_event_minutes;     /* longest event */
	int64_t max_concurrent_events; /* events running at once */
};

#define VV_END_CREATOR "creator"             /* only the event's creator ends it */
#define VV_END_STAFF "staff"                 /* any staff member */
#define VV_END_CREATOR_ADMIN "creator_admin" /* the creator and the tenant's admins */

/* The VV_END_* constant a stored end policy names; VV_END_CREATOR_ADMIN
 * (the default) for NULL or anything else. */
const char *vv_end_policy(const char *stored);

/* The tenant admin's policies, within the contract. */
struct vv_policy {
	int hangup_presses;        /* 1 or 2 presses of the red handset end the event */
	const char *end_policy;    /* VV_END_*; static string */
	int64_t default_capacity;  /* default for a new event's maximum */
	int64_t warning_minutes;   /* warning tone this long before the end */
};

/* The policies of a tenant whose admin set none (or a NULL column). */
#define VV_POLICY_DEFAULTS {2, VV_END_CREATOR_ADMIN, 10, 5}

/* SQL: tenant T's policies (T an SQL expression, e.g. "e.tenant_id": the
 * event's tenant, whoever asks) as four scalar subqueries in the order of
 * struct vv_policy, NULL when it has no row; read with vv_policy_read. */
#define VV_POLICY_COLUMNS(T)                                                           \
	"(SELECT tp_.hangup_presses FROM tenant_policies tp_ WHERE tp_.tenant_id = " T "),"  \
	" (SELECT tp_.end_policy FROM tenant_policies tp_ WHERE tp_.tenant_id = " T "),"     \
	" (SELECT tp_.default_capacity FROM tenant_policies tp_ WHERE tp_.tenant_id = " T "),"\
	" (SELECT tp_.warning_minutes FROM tenant_policies tp_ WHERE tp_.tenant_id = " T ")"

/* The four policy columns of res's current row from col on (hangup
 * presses, end policy, default capacity, warning minutes) into *p, each
 * NULL as VV_POLICY_DEFAULTS; strings static. */
void vv_policy_read(vv_db_res_t *res, int col, struct vv_policy *p);

/* Fills *c / *p for the request's tenant (defaults when no row exists).
 * 0, VV_NOTFOUND (anonymous request) or VV_UNAVAILABLE. Cached for the
 * request. */
int vv_contract_get(vv_req_t *r, struct vv_contract *c);
int vv_policy_get(vv_req_t *r, struct vv_policy *p);

/* Contract checks. Each returns 0 when allowed; otherwise records a
 * localized form error on field that names the limit (e.g. "Sopimuksenne
 * sallii enintään 25 osallistujaa") and returns VV_INVALID, or returns
 * VV_UNAVAILABLE. */
int vv_check_capacity(vv_req_t *r, const char *field, int64_t customers);
int vv_check_recording(vv_req_t *r, const char *field);
int vv_check_sharing(vv_req_t *r, const char *field);
int vv_check_event_length(vv_req_t *r, const char *field, int64_t minutes);

/* Events of the tenant that would run at once with [starts_at, ends_at)
 * (UTC seconds; exclude_event_id 0 or the event being changed) must stay
 * below the contract's limit. Same return convention as the checks above. */
int vv_check_concurrency(vv_req_t *r, const char *field, int64_t starts_at, int64_t ends_at,
			 int64_t exclude_event_id);

/* Inside vv_db_tx, as its first statement: writes the session tenant's row
 * (a counter: on a Galera cluster a write, unlike a lock, makes two nodes'
 * transactions conflict, and vv_db_tx retries the loser), locks its
 * contract's (SELECT ... FOR UPDATE) and rereads the contract into
 * the request's copy, so that writers who count against the contract (the
 * events running at once) take turns and the checks above, called after
 * it in the same transaction, count what the previous writer committed.
 * First, because a read before it would fix the transaction's snapshot.
 * 0, VV_NOTFOUND (no tenant) or a database code. */
int vv_contract_lock(vv_req_t *r);

/* The tenant's IANA time zone (e.g. "Europe/Helsinki") and default
 * language; static or arena strings. */
const char *vv_tenant_tz(vv_req_t *r);
const char *vv_tenant_language(vv_req_t *r);

/* Writes an audit row: who (the session's user), tenant, what (action,
 * e.g. "user.create"), detail (free text, never a secret), when.
 * 0 or a negative code. Call inside the same transaction as the change. */
int vv_audit(vv_req_t *r, const char *action, const char *detail);

/* As vv_audit, for a change that belongs to another tenant than the
 * session's (a guest with no session, a partner tenant's customer in an
 * organiser's event): the row goes to tenant_id's log. */
int vv_audit_for(vv_req_t *r, int64_t tenant_id, const char *action, const char *detail);

#endif
