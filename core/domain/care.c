/* vv/care.h: the event's lock, who sees it, the counts and waiting-list
 * promotion - the one copy of each that every plugin calls. */
#include "core.h"
#include "vv/care.h"

/* One locking read of vv_care_sees: 1 when it finds a row, else 0 or a
 * negative code. */
static int found(vv_arena_t *a, const char *sql, int64_t event_id, int64_t tenant, int64_t user)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, sql,
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(tenant), VV_DB_I(user)));
	if (!res)
		return err ? err : VV_ERR;
	return vv_db_next(res) ? 1 : 0;
}

int vv_care_sees(vv_arena_t *a, int64_t event_id, int64_t tenant, int64_t user)
{
	/* VV_CARE_SEES and VV_CARE_HOLDS one part at a time, as locking reads
	 * (LOCK IN SHARE MODE): they read the rows as committed now, not the
	 * transaction's snapshot, and hold the row that lets the customer see
	 * the event - their type_customers row, or the group_shares and
	 * group_customers rows - until the enrolment commits. A change that
	 * takes that row away deletes it, so the two take turns: if the change
	 * came first, this waits for it and then finds no row; if the
	 * enrolment came first, the change waits, and vv_access_revoke (a
	 * locking read too) then finds the new row and takes it out. With a
	 * plain read both went through and left an enrolment the rule no
	 * longer allowed (tests/http/visibility-race.test.mjs). */
	static const char *const parts[] = {
		"SELECT 1 FROM events e JOIN type_customers tc"
		" ON tc.type_id = e.type_id AND tc.tenant_id = e.tenant_id"
		" WHERE e.id = ? AND tc.tenant_id = ? AND tc.user_id = ? LOCK IN SHARE MODE",
		"SELECT 1 FROM events e JOIN group_customers gc ON gc.group_id = e.group_id"
		" JOIN group_shares s ON s.group_id = gc.group_id AND s.tenant_id = gc.tenant_id"
		" WHERE e.id = ? AND gc.tenant_id = ? AND gc.user_id = ? LOCK IN SHARE MODE",
		"SELECT 1 FROM event_participants h WHERE h.event_id = ? AND h.tenant_id = ?"
		" AND h.user_id = ? AND h.status IN ('enrolled', 'waiting') LOCK IN SHARE MODE",
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		int rc = found(a, parts[i], event_id, tenant, user);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int vv_care_lock(vv_arena_t *a, int64_t event_id, int64_t tenant_id, struct vv_care_event *e)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, tenant_id, uuid, max_participants,"
		" status = 'scheduled' AND ends_at > UTC_TIMESTAMP()"
		" FROM events WHERE id = ? AND (? = 0 OR tenant_id = ?) FOR UPDATE",
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(tenant_id), VV_DB_I(tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	*e = (struct vv_care_event){
		.id = vv_db_int(res, 0, 0),
		.tenant_id = vv_db_int(res, 1, 0),
		.uuid = vv_db_str(res, 2),
		.capacity = vv_db_int(res, 3, 0),
		.open = vv_db_int(res, 4, 0) != 0,
	};
	return 0;
}

int vv_care_count(vv_arena_t *a, int64_t event_id, struct vv_care_count *c)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT " VV_CARE_PEOPLE("e.id") ", " VV_CARE_SEATED("e.id") ","
		" (SELECT COUNT(*) FROM event_participants w WHERE w.event_id = e.id"
		"  AND w.status = 'waiting')"
		" FROM events e WHERE e.id = ?",
		VV_DB_ARGS(VV_DB_I(event_id)));
	if (!res)
		return err ? err : VV_ERR;
	*c = (struct vv_care_count){0};
	if (vv_db_next(res)) {
		c->people = vv_db_int(res, 0, 0);
		c->seated = vv_db_int(res, 1, 0);
		c->waiting = vv_db_int(res, 2, 0);
	}
	return 0;
}

int vv_care_audit(vv_arena_t *a, vv_req_t *r, int64_t event_tenant, int64_t user_tenant,
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

int vv_care_promote(vv_arena_t *a, vv_req_t *r, const struct vv_care_event *e)
{
	if (!e->open)
		return 0; /* ended or cancelled: its rows are history */
	int promoted = 0;
	/* Locking reads: the rows as committed now. The caller holds the
	 * event's lock, so nobody else writes them meanwhile, but its
	 * transaction's snapshot may be older than that lock (vv_access_revoke
	 * locks one event after another), and a count from it could fill a
	 * seat twice. */
	for (;;) {
		int err = 0;
		vv_db_res_t *res = vv_db_query(a, &err,
			"SELECT COUNT(*) FROM event_participants"
			" WHERE event_id = ? AND kind = 'customer' AND status = 'enrolled' LOCK IN SHARE MODE",
			VV_DB_ARGS(VV_DB_I(e->id)));
		if (!res)
			return err ? err : VV_ERR;
		if (!vv_db_next(res) || vv_db_int(res, 0, 0) >= e->capacity)
			break;
		res = vv_db_query(a, &err,
			"SELECT p.id, p.tenant_id FROM event_participants p"
			" WHERE p.event_id = ? AND p.kind = 'customer' AND p.status = 'waiting'"
			" ORDER BY p.queued, p.id LIMIT 1 FOR UPDATE",
			VV_DB_ARGS(VV_DB_I(e->id)));
		if (!res)
			return err ? err : VV_ERR;
		if (!vv_db_next(res))
			break;
		int64_t id = vv_db_int(res, 0, 0), user_tenant = vv_db_int(res, 1, 0);
		int rc = vv_care_set_status(a, e, id, "enrolled");
		if (rc < 0)
			return rc;
		rc = vv_care_audit(a, r, e->tenant_id, user_tenant, "enrolment.promote",
				   vv_sprintf(a, "event=%s participant=%lld", e->uuid, (long long)id));
		if (rc < 0)
			return rc;
		promoted++;
	}
	return promoted;
}

int64_t vv_care_join(vv_arena_t *a, const struct vv_care_event *e, const struct vv_care_row *p)
{
	/* The row's place in the queue (schema/019_waiting_order.sql): the
	 * event's next number, taken in this transaction. Changing the event's
	 * row makes joins of one event on different Galera nodes conflict, so
	 * the numbers follow the order the joins commit. */
	int64_t n = vv_db_exec(a, "UPDATE events SET queue_serial = queue_serial + 1 WHERE id = ?",
			       VV_DB_ARGS(VV_DB_I(e->id)));
	if (n < 0)
		return n;
	/* A user's names from their account unless given; no row when the
	 * user is not of the tenant named. */
	n = vv_db_exec(a,
		"INSERT INTO event_participants (event_id, tenant_id, user_id, kind, status, email,"
		" first_name, last_name, token_hash, added_by, queued)"
		" SELECT ?, ?, NULLIF(?, 0), ?, ?, ?, COALESCE(?, u.first_name), COALESCE(?, u.last_name),"
		"  ?, NULLIF(?, 0), (SELECT queue_serial FROM events WHERE id = ?)"
		" FROM (SELECT 1 AS one) d LEFT JOIN users u ON u.id = ? AND u.tenant_id = ?"
		" WHERE ? = 0 OR u.id IS NOT NULL",
		VV_DB_ARGS(VV_DB_I(e->id), VV_DB_I(p->tenant_id), VV_DB_I(p->user_id),
			   VV_DB_S(p->kind), VV_DB_S(p->status), VV_DB_S(p->email),
			   VV_DB_S(p->first), VV_DB_S(p->last), VV_DB_S(p->token_hash),
			   VV_DB_I(p->added_by), VV_DB_I(e->id), VV_DB_I(p->user_id), VV_DB_I(p->tenant_id),
			   VV_DB_I(p->user_id)));
	if (n < 0)
		return n;
	return n == 0 ? VV_NOTFOUND : (int64_t)vv_db_insert_id();
}

int vv_care_set_status(vv_arena_t *a, const struct vv_care_event *e, int64_t row_id,
		       const char *status)
{
	int64_t n = vv_db_exec(a,
		"UPDATE event_participants SET status = ? WHERE id = ? AND event_id = ?",
		VV_DB_ARGS(VV_DB_S(status), VV_DB_I(row_id), VV_DB_I(e->id)));
	return n < 0 ? (int)n : VV_OK;
}

int vv_care_leave(vv_arena_t *a, vv_req_t *r, const struct vv_care_event *e, int64_t row_id)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT kind = 'customer' AND status = 'enrolled' FROM event_participants"
		" WHERE id = ? AND event_id = ?",
		VV_DB_ARGS(VV_DB_I(row_id), VV_DB_I(e->id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	const bool seat = vv_db_int(res, 0, 0) != 0;
	int64_t n = vv_db_exec(a, "DELETE FROM event_participants WHERE id = ? AND event_id = ?",
			       VV_DB_ARGS(VV_DB_I(row_id), VV_DB_I(e->id)));
	if (n < 0)
		return (int)n;
	if (!seat)
		return VV_OK;
	int rc = vv_care_promote(a, r, e);
	return rc < 0 ? rc : VV_OK;
}
