/* Who is in the call as the organiser sees it, and removing someone from
 * it (issue #11, item 7). The participant list comes from the backend's
 * own sessions (the adapter's present: the Janus gate stamps every handle
 * with its participant), so a person who only watches - who declined the
 * recording notice, or a script holding a ticket - shows as well as one
 * who sends. The organiser may remove anyone but the event's staff and
 * themselves: a row in call_removed, kept apart from call_members (which
 * the sweep deletes), makes MEMBER_ALLOWED (control.c) false for them, so
 * the sweep run at once tears down their sessions, the gate refuses their
 * ticket (/_vv/call-admit) and …/join refuses them for this event. */
#include <string.h>
#include <jansson.h>
#include "call.h"

int call_removed(vv_req_t *r, const struct call_ev *ev)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT 1 FROM call_removed WHERE event_id = ? AND tenant_id = ? AND member_key = ?",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id), VV_DB_S(ev->member_key)));
	if (!res)
		return err ? err : VV_ERR;
	return vv_db_next(res) ? 1 : 0;
}

void *call_people_json(vv_req_t *r, const struct call_ev *ev)
{
	const struct vv_video_ops *v = vv_video(r);
	json_t *list = json_array();
	if (!list || !VV_VIDEO_HAS(v, present))
		return list;
	struct vv_video_room room;
	call_room(ev, &room);
	struct vv_video_presence *who = NULL;
	size_t n = 0;
	if (v->present(r, &room, &who, &n) != 0 || n == 0)
		return list; /* a backend that does not answer now: nobody listed */
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT participant_id, display, is_staff, member_key FROM call_members"
		" WHERE event_id = ? AND tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id)));
	while (res && vv_db_next(res)) {
		const char *pid = vv_db_str(res, 0), *key = vv_db_str(res, 3);
		for (size_t i = 0; pid && key && i < n; i++) {
			if (strcmp(who[i].participant, pid) != 0)
				continue;
			bool me = strcmp(key, ev->member_key) == 0, staff = vv_db_int(res, 2, 0) != 0;
			const char *name = vv_db_str(res, 1);
			json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b, s:b}", "participant", pid,
				"name", name ? name : "", "sending", who[i].sending, "me", me,
				"removable", !me && !staff));
		}
	}
	return list;
}

struct remove_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
	const char *pid, *member_key;
};

static int remove_tx(vv_arena_t *a, void *p)
{
	struct remove_ctx *c = p;
	int64_t n = vv_db_exec(a,
		"INSERT IGNORE INTO call_removed (event_id, tenant_id, member_key, participant_id,"
		" removed_by, removed_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id), VV_DB_S(c->member_key),
			   VV_DB_S(c->pid), VV_DB_I(c->ev->user_id)));
	if (n < 0)
		return (int)n;
	return vv_audit_for(c->r, c->ev->tenant_id, "call.remove",
			    vv_sprintf(a, "event %s participant %s", c->ev->uuid, c->pid));
}

/* POST …/remove participant=<id>: the organiser removes someone. */
int call_remove(vv_req_t *r)
{
	struct call_ev ev;
	int rc = call_load(r, &ev);
	if (rc != 0)
		return rc == VV_NOTFOUND ? call_json_error(r, 404, "call.notfound") : rc;
	if (call_expire(r, &ev))
		return call_json_error(r, 409, "call.ended");
	if (!call_may_end(r, &ev))
		return call_json_error(r, 403, "call.forbidden");
	/* ids are printable ASCII (u12, g<hex>); anything else is no one's */
	const char *pid = vv_form_trimmed(r, "participant");
	size_t len = strlen(pid);
	bool ascii = len > 0 && len <= 64;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = pid[i] > ' ' && pid[i] < 0x7f;
	if (!ascii)
		return call_json_error(r, 400, "call.invalid");
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT member_key, is_staff FROM call_members WHERE event_id = ? AND tenant_id = ?"
		" AND participant_id = ?",
		VV_DB_ARGS(VV_DB_I(ev.id), VV_DB_I(ev.tenant_id), VV_DB_S(pid)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return call_json_error(r, 404, "call.notfound");
	const char *key = vv_db_str(res, 0);
	/* colleagues are the admins' to take away (deactivation), and the
	 * organiser does not lock themselves out */
	if (!key || vv_db_int(res, 1, 0) != 0 || strcmp(key, ev.member_key) == 0)
		return call_json_error(r, 403, "call.forbidden");
	struct remove_ctx c = {r, &ev, pid, key};
	rc = vv_db_tx(vv_req_arena(r), remove_tx, &c);
	if (rc < 0)
		return rc;
	/* at once, not at the next tick: their sessions go, watching or sending */
	call_sweep(r, &ev);
	return call_json(r, 200, json_pack("{s:b}", "ok", 1));
}
