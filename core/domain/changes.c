/* vv/changes.h: keeping what is derived from an event right when it
 * changes. events.enrolled (the count the capacity limits) is recounted
 * here; readers of derived copies (the alarm poll) learn what changed from
 * table changes (schema/006), upserted here in the caller's transaction so
 * that the change and its notice commit together. */
#include "core.h"
#include "vv/changes.h"
#include "vv/care.h"

/* Records that the row kind/id ('e', 'u', 't') changed now. */
static int record(vv_arena_t *a, const char *kind, int64_t id)
{
	int64_t n = vv_db_exec(a,
		"INSERT INTO changes (kind, id, changed_at) VALUES (?, ?, UTC_TIMESTAMP(6))"
		" ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)",
		VV_DB_ARGS(VV_DB_S(kind), VV_DB_I(id)));
	return n < 0 ? (int)n : VV_OK;
}

int vv_event_changed(vv_arena_t *a, int64_t event_id)
{
	int64_t n = vv_db_exec(a,
		"UPDATE events e SET e.enrolled = " VV_CARE_SEATED("e.id") " WHERE e.id = ?",
		VV_DB_ARGS(VV_DB_I(event_id)));
	if (n < 0)
		return (int)n;
	/* The event (for those it was the answer of, removed participants
	 * among them) and everyone in it now (an added one's answer). */
	int rc = record(a, "e", event_id);
	if (rc < 0)
		return rc;
	/* The calendars that may show it: its tenant's and, for an event of a
	 * shared group, those of the tenants it is shared with. */
	n = vv_db_exec(a,
		"INSERT INTO changes (kind, id, changed_at)"
		" SELECT 'c', e.tenant_id, UTC_TIMESTAMP(6) FROM events e WHERE e.id = ?"
		" ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)",
		VV_DB_ARGS(VV_DB_I(event_id)));
	if (n >= 0)
		n = vv_db_exec(a,
			"INSERT INTO changes (kind, id, changed_at)"
			" SELECT 'c', s.tenant_id, UTC_TIMESTAMP(6) FROM events e"
			" JOIN group_shares s ON s.group_id = e.group_id WHERE e.id = ?"
			" ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)",
			VV_DB_ARGS(VV_DB_I(event_id)));
	if (n < 0)
		return (int)n;
	n = vv_db_exec(a,
		"INSERT INTO changes (kind, id, changed_at)"
		" SELECT 'u', user_id, UTC_TIMESTAMP(6) FROM event_participants"
		" WHERE event_id = ? AND user_id IS NOT NULL"
		" ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)",
		VV_DB_ARGS(VV_DB_I(event_id)));
	return n < 0 ? (int)n : VV_OK;
}

int vv_content_changed(vv_arena_t *a, int64_t tenant_id, int64_t group_id)
{
	int rc = record(a, "c", tenant_id);
	if (rc < 0 || !group_id)
		return rc;
	int64_t n = vv_db_exec(a,
		"INSERT INTO changes (kind, id, changed_at)"
		" SELECT 'c', tenant_id, UTC_TIMESTAMP(6) FROM group_shares WHERE group_id = ?"
		" ON DUPLICATE KEY UPDATE changed_at = VALUES(changed_at)",
		VV_DB_ARGS(VV_DB_I(group_id)));
	return n < 0 ? (int)n : VV_OK;
}

int vv_tenant_changed(vv_arena_t *a, int64_t tenant_id)
{
	return record(a, "t", tenant_id);
}

int vv_user_changed(vv_arena_t *a, int64_t user_id)
{
	return record(a, "u", user_id);
}
