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
#include "vv/care.h"

/* "The customer of row p sees event e": the one rule (vv/care.h), said of
 * a participant row. */
#define SEES VV_CARE_SEES("p.tenant_id", "p.user_id")

/* A row staff added on Tiedot (R-PA-2): the customer is expected in that
 * one event whatever they are assigned, so no assignment or share change
 * takes them out; staff remove them there. Self-enrolment leaves added_by
 * NULL; rows it wrote earlier carry the customer's own id. */
#define STAFF_ADDED VV_CARE_STAFF_ADDED

/* Customers' rows that hold a seat or a place in the queue because they
 * saw the event. */
#define HOLDERS                                                                                \
	" p.kind = 'customer' AND p.status IN ('enrolled', 'waiting') AND p.user_id IS NOT NULL" \
	" AND NOT " STAFF_ADDED

/* Both queries below are locking reads (LOCK IN SHARE MODE): they see
 * the rows as committed now, whatever snapshot the change's transaction
 * began with. An enrolment holds the row that lets its customer see the
 * event until it commits (vv_care_sees), the change's DELETE of that row
 * waits for it, and then the enrolment's new row must be found here - a
 * plain read from an older snapshot would miss it and leave it in place. */

/* Which rows a change can affect; two parameters each ("ii"). */
#define SCOPE_SHARE "e.tenant_id = ? AND e.group_id = ? AND p.tenant_id <> e.tenant_id"
#define SCOPE_TYPE "e.tenant_id = ? AND e.type_id = ? AND p.tenant_id = e.tenant_id"
#define SCOPE_SHARED "p.tenant_id = ? AND e.group_id = ? AND p.tenant_id <> e.tenant_id"
#define SCOPE_USER "p.tenant_id = ? AND p.user_id = ?"

#define EVENTS_SQL(scope)                                                                      \
	"SELECT DISTINCT e.id FROM event_participants p JOIN events e ON e.id = p.event_id"    \
	" WHERE " scope " AND" HOLDERS                                                         \
	" AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP() AND NOT " SEES            \
	" ORDER BY e.id LOCK IN SHARE MODE"

#define VICTIMS_SQL(scope)                                                                     \
	"SELECT p.id, u.uuid, p.tenant_id FROM event_participants p JOIN events e ON e.id = p.event_id"     \
	" LEFT JOIN users u ON u.id = p.user_id AND u.tenant_id = p.tenant_id"                 \
	" WHERE e.id = ? AND " scope " AND" HOLDERS " AND NOT " SEES " ORDER BY p.id LOCK IN SHARE MODE"

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

/* Frees seats of one event: under the event's lock, deletes the rows in
 * scope whose customer no longer sees it, then fills free seats from the
 * waiting list (lowest id first) with customers who still see it. */
static int revoke_event(vv_arena_t *a, vv_req_t *r, enum vv_access_scope scope, int64_t x,
			int64_t y, int64_t event_id)
{
	struct vv_care_event e;
	int rc = vv_care_lock(a, event_id, 0, &e);
	if (rc == VV_NOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	if (!e.open)
		return 0; /* ended or cancelled meanwhile: its rows are history */

	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, victims_sql[scope],
				       VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(x), VV_DB_I(y)));
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
				       VV_DB_ARGS(VV_DB_I(ids[i]), VV_DB_I(event_id)));
		if (m < 0)
			return (int)m;
		/* The event and the user by uuid: no e-mail or name in the log. */
		rc = vv_care_audit(a, r, e.tenant_id, tenants[i], "enrolment.revoked",
				   vv_sprintf(a, "event=%s user=%s", e.uuid, users[i] ? users[i] : "-"));
		if (rc < 0)
			return rc;
	}
	if ((rc = vv_care_promote(a, r, &e)) < 0)
		return rc;
	return vv_event_changed(a, event_id);
}

int vv_access_revoke(vv_arena_t *a, vv_req_t *r, enum vv_access_scope scope, int64_t x,
		     int64_t y)
{
	if ((unsigned)scope > VV_ACCESS_USER)
		return VV_INVALID;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, events_sql[scope],
				       VV_DB_ARGS(VV_DB_I(x), VV_DB_I(y)));
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
