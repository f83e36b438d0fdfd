/* vv/access.h: taking back what a change of assignments, shares or
 * partnerships no longer allows: a customer who can no longer see a scheduled event that has not ended
 * leaves it (enrolled or waiting) unless staff added them, a freed seat goes to the first waiting
 * customer who still sees it, and events.enrolled stays the number of
 * enrolled customers. Runs inside the change's transaction, after the
 * change; each event's row is locked first (SELECT ... FOR UPDATE), as
 * the enrolment and participants plugins do, so their writers take turns
 * with this one. */
#include "core.h"
#include "vv/access.h"
#include "vv/changes.h"

/* "The customer of row p sees event e": in the event's own tenant through
 * the event's type (type_customers), in another tenant through a live
 * share of the event's group and the receiving tenant's choice
 * (group_shares + group_customers). The same rule as the enrolment
 * plugin's VV_EN_CUSTOMER_SEES, said of a participant row. */
#define SEES                                                                                   \
	"((p.tenant_id = e.tenant_id AND EXISTS (SELECT 1 FROM type_customers tc"              \
	"   WHERE tc.type_id = e.type_id AND tc.user_id = p.user_id AND tc.tenant_id = e.tenant_id))" \
	" OR (p.tenant_id <> e.tenant_id AND EXISTS (SELECT 1 FROM group_customers gc"         \
	"   JOIN group_shares s ON s.group_id = gc.group_id AND s.tenant_id = gc.tenant_id"     \
	"   WHERE gc.group_id = e.group_id AND gc.user_id = p.user_id"                          \
	"   AND gc.tenant_id = p.tenant_id)))"

/* A row staff added on Tiedot (R-PA-2): the customer is expected in that
 * one event whatever they are assigned, so no assignment or share change
 * takes them out; staff remove them there. Self-enrolment leaves added_by
 * NULL; rows it wrote earlier carry the customer's own id. */
#define STAFF_ADDED "(p.added_by IS NOT NULL AND p.added_by <> p.user_id)"

/* Customers' rows that hold a seat or a place in the queue because they
 * saw the event. */
#define HOLDERS                                                                                \
	" p.kind = 'customer' AND p.status IN ('enrolled', 'waiting') AND p.user_id IS NOT NULL" \
	" AND NOT " STAFF_ADDED

/* Which rows a change can affect; two parameters each ("ii"). */
#define SCOPE_SHARE "e.tenant_id = ? AND e.group_id = ? AND p.tenant_id <> e.tenant_id"
#define SCOPE_TYPE "e.tenant_id = ? AND e.type_id = ? AND p.tenant_id = e.tenant_id"
#define SCOPE_SHARED "p.tenant_id = ? AND e.group_id = ? AND p.tenant_id <> e.tenant_id"
#define SCOPE_USER "p.tenant_id = ? AND p.user_id = ?"

#define EVENTS_SQL(scope)                                                                      \
	"SELECT DISTINCT e.id FROM event_participants p JOIN events e ON e.id = p.event_id"    \
	" WHERE " scope " AND" HOLDERS                                                         \
	" AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP() AND NOT " SEES            \
	" ORDER BY e.id"

#define VICTIMS_SQL(scope)                                                                     \
	"SELECT p.id, u.uuid, p.tenant_id FROM event_participants p JOIN events e ON e.id = p.event_id"     \
	" LEFT JOIN users u ON u.id = p.user_id AND u.tenant_id = p.tenant_id"                 \
	" WHERE e.id = ? AND " scope " AND" HOLDERS " AND NOT " SEES " ORDER BY p.id"

static const char *const events_sql[] = {
	[VV_ACCESS_SHARE] = EVENTS_SQL(SCOPE_SHARE),
	[VV_ACCESS_TYPE] = EVENTS_SQL(SCOPE_TYPE),
	[VV_ACCESS_SHARED] = EVENTS_SQL(SCOPE_SHARED),
	[VV_ACCESS_USER] = EVENTS_SQL(SCOPE_USER),
};

static const char *const victims_sql[] = {
	[VV_ACCESS_SHARE] = VICTIMS_SQL(SCOPE_SHARE),
	[VV_ACCESS_TYPE] = VICTIMS_SQL(SCOPE_TYPE),
	[VV_ACCESS_SHARED] = VICTIMS_SQL(SCOPE_SHARED),
	[VV_ACCESS_USER] = VICTIMS_SQL(SCOPE_USER),
};

/* An audit row in the acting admin's tenant (none for the hosting
 * provider), and in the event's and the customer's when they are others
 * (a shared group's event: the organiser and the partner both see who was
 * taken out or moved in). */
static int audit_all(vv_arena_t *a, vv_req_t *r, int64_t event_tenant, int64_t user_tenant,
		     const char *action, const char *detail)
{
	const int64_t me = r ? r->tenant_id : 0, by = r ? r->user_id : 0;
	int rc = VV_OK;
	if (r)
		rc = vv_audit_by(a, me, by, action, detail);
	if (rc >= 0 && event_tenant != me)
		rc = vv_audit_by(a, event_tenant, by, action, detail);
	if (rc >= 0 && user_tenant != me && user_tenant != event_tenant)
		rc = vv_audit_by(a, user_tenant, by, action, detail);
	return rc;
}

/* Frees seats of one event: under the event's lock, deletes the rows in
 * scope whose customer no longer sees it, then fills free seats from the
 * waiting list (lowest id first) with customers who still see it. */
static int revoke_event(vv_arena_t *a, vv_req_t *r, enum vv_access_scope scope, int64_t x,
			int64_t y, int64_t event_id)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT uuid, max_participants, status = 'scheduled' AND ends_at > UTC_TIMESTAMP(),"
		" tenant_id FROM events WHERE id = ? FOR UPDATE",
		"i", event_id);
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return 0;
	const char *uuid = vv_db_str(res, 0);
	const int64_t capacity = vv_db_int(res, 1, 0);
	const int64_t event_tenant = vv_db_int(res, 3, 0);
	if (vv_db_int(res, 2, 0) == 0)
		return 0; /* ended or cancelled meanwhile: its rows are history */

	res = vv_db_query(a, &err, victims_sql[scope], "iii", event_id, x, y);
	if (!res)
		return err ? err : VV_ERR;
	size_t n = (size_t)vv_db_rows(res), k = 0;
	int64_t *ids = vv_alloc(a, (n + 1) * sizeof(*ids));
	const char **users = vv_alloc(a, (n + 1) * sizeof(*users));
	int64_t *tenants = vv_alloc(a, (n + 1) * sizeof(*tenants));
	while (vv_db_next(res) && k < n) {
		ids[k] = vv_db_int(res, 0, 0);
		users[k] = vv_db_str(res, 1);
		tenants[k] = vv_db_int(res, 2, 0);
		k++;
	}
	for (size_t i = 0; i < k; i++) {
		int64_t m = vv_db_exec(a, "DELETE FROM event_participants WHERE id = ? AND event_id = ?",
				       "ii", ids[i], event_id);
		if (m < 0)
			return (int)m;
		/* The event and the user by uuid: no e-mail or name in the log. */
		int rc = audit_all(a, r, event_tenant, tenants[i], "enrolment.revoked",
				   vv_sprintf(a, "event=%s user=%s", uuid, users[i] ? users[i] : "-"));
		if (rc < 0)
			return rc;
	}

	/* Free seats go to the waiting list, in the order it filled. */
	for (;;) {
		res = vv_db_query(a, &err,
			"SELECT COUNT(*) FROM event_participants"
			" WHERE event_id = ? AND kind = 'customer' AND status = 'enrolled'",
			"i", event_id);
		if (!res || !vv_db_next(res))
			return err ? err : VV_ERR;
		if (vv_db_int(res, 0, 0) >= capacity)
			break;
		res = vv_db_query(a, &err,
			"SELECT p.id, p.tenant_id FROM event_participants p JOIN events e ON e.id = p.event_id"
			" WHERE p.event_id = ? AND p.kind = 'customer' AND p.status = 'waiting'"
			" AND p.user_id IS NOT NULL AND " SEES " ORDER BY p.id LIMIT 1",
			"i", event_id);
		if (!res)
			return err ? err : VV_ERR;
		if (!vv_db_next(res))
			break;
		int64_t id = vv_db_int(res, 0, 0), user_tenant = vv_db_int(res, 1, 0);
		int64_t m = vv_db_exec(a,
			"UPDATE event_participants SET status = 'enrolled' WHERE id = ? AND event_id = ?",
			"ii", id, event_id);
		if (m < 0)
			return (int)m;
		int rc = audit_all(a, r, event_tenant, user_tenant, "enrolment.promote",
				   vv_sprintf(a, "event=%s participant=%lld", uuid, (long long)id));
		if (rc < 0)
			return rc;
	}
	return vv_event_changed(a, event_id);
}

int vv_access_revoke(vv_arena_t *a, vv_req_t *r, enum vv_access_scope scope, int64_t x,
		     int64_t y)
{
	if ((unsigned)scope > VV_ACCESS_USER)
		return VV_INVALID;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, events_sql[scope], "ii", x, y);
	if (!res)
		return err ? err : VV_ERR;
	size_t n = (size_t)vv_db_rows(res), k = 0;
	int64_t *events = vv_alloc(a, (n + 1) * sizeof(*events));
	while (vv_db_next(res) && k < n)
		events[k++] = vv_db_int(res, 0, 0);
	/* In id order: two such changes lock shared events in the same order. */
	for (size_t i = 0; i < k; i++) {
		int rc = revoke_event(a, r, scope, x, y, events[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}
