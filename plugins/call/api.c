/* The call's JSON for everyone in it: credentials (POST …/join), the state
 * the page polls (GET …/state) and a muted participant's request to speak
 * (POST …/speak-request). */
#include <string.h>
#include <jansson.h>
#include "call.h"

struct member_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
	const char *pid;
	bool muted; /* out: as the row now says */
};

/* Joining again keeps the row's muting and request to speak: presentation
 * mode lasts until the organiser gives the floor, whatever the page does.
 * Someone new joins muted while presentation mode mutes anyone (nobody
 * has to press Esitystila again for a late joiner). The backend forgets
 * moderation for a new publisher; the organiser's sweep applies it again
 * (call_sweep). */
static int member_tx(vv_arena_t *a, void *p)
{
	struct member_ctx *c = p;
	int err = 0;
	/* The event's row shared: joins go on side by side, and a press of
	 * Esitystila (which takes it exclusively, control.c) either waits for
	 * this row to be written or has committed before the read below, which
	 * then sees its mutes. (Not across Galera nodes: there the next press
	 * mutes the late joiner.) */
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT 1 FROM events WHERE id = ? AND tenant_id = ? LOCK IN SHARE MODE",
		VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	res = vv_db_query(a, &err,
		"SELECT member_key, muted FROM call_members WHERE event_id = ? AND tenant_id = ?"
		" AND (muted = 1 OR member_key = ?)",
		VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id),
			   VV_DB_S(c->ev->member_key)));
	if (!res)
		return err ? err : VV_ERR;
	bool mine = false, others = false;
	while (vv_db_next(res)) {
		const char *key = vv_db_str(res, 0);
		if (key && strcmp(key, c->ev->member_key) == 0) {
			mine = true;
			c->muted = vv_db_int(res, 1, 0) != 0;
		} else {
			others = true;
		}
	}
	if (!mine)
		c->muted = others;
	int64_t n = vv_db_exec(a,
		"INSERT INTO call_members (event_id, tenant_id, member_key, participant_id, display,"
		" is_staff, joined_at, muted) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?)"
		" ON DUPLICATE KEY UPDATE participant_id = VALUES(participant_id),"
		" display = VALUES(display), joined_at = VALUES(joined_at)",
		VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id),
			   VV_DB_S(c->ev->member_key), VV_DB_S(c->pid), VV_DB_S(c->ev->display),
			   VV_DB_I(c->ev->staff ? 1 : 0), VV_DB_I(c->muted ? 1 : 0)));
	if (n < 0)
		return (int)n;
	/* The event's tenant's log: a guest has no tenant of its own, and a
	 * partner tenant's customer acts in the organiser's event. */
	return vv_audit_for(c->r, c->ev->tenant_id, "call.join", vv_sprintf(a, "event %s participant %s", c->ev->uuid, c->pid));
}

/* The lobby (issue 16): a customer who comes before any staff member of
 * the event's tenant has joined the room waits with their own picture
 * (the page, call.js) and is let in once one has: no customer sits in the
 * room alone or with other customers only. True when staff have come. */
static bool staff_arrived(vv_req_t *r, const struct call_ev *ev, int *err)
{
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), err,
		"SELECT 1 FROM call_members WHERE event_id = ? AND tenant_id = ? AND is_staff = 1 LIMIT 1",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id)));
	return res && vv_db_next(res);
}

int call_join(vv_req_t *r)
{
	struct call_ev ev;
	int rc = call_load(r, &ev);
	if (rc != 0)
		return rc == VV_NOTFOUND ? call_json_error(r, 404, "call.notfound") : rc;
	if (call_expire(r, &ev))
		return call_json_error(r, 409, "call.ended");
	if (ev.now < ev.starts - call_room_open_seconds(r, &ev))
		return call_json_error(r, 409, "call.not-yet");
	/* removed by the organiser: not admitted again to this event */
	if ((rc = call_removed(r, &ev)) != 0)
		return rc > 0 ? call_json_error(r, 403, "call.removed") : rc;
	if (ev.customer && !ev.staff && !ev.guest) {
		int err = 0;
		if (!staff_arrived(r, &ev, &err))
			return err ? err : call_json_error(r, 409, "call.lobby");
	}
	/* a recorded event: without an accepted notice, watch and listen only */
	int consent = call_consent_get(r, &ev);
	if (consent < 0)
		return consent;
	const struct vv_video_ops *v = vv_video(r);
	if (!v)
		return call_json_error(r, 503, "call.unavailable");
	struct vv_video_room room;
	call_room(&ev, &room);
	room.watch_only = consent == CALL_CONSENT_ASK || consent == CALL_CONSENT_NO;
	struct vv_video_join j;
	memset(&j, 0, sizeof(j)); /* an older adapter sets fewer members */
	rc = v->ensure_room(r, &room);
	if (rc == 0)
		rc = v->join(r, &room, ev.user_id, ev.guest_key, ev.display, &j);
	if (rc != 0)
		return call_json_error(r, rc == VV_UNAVAILABLE ? 503 : 500, "call.unavailable");
	struct member_ctx c = {r, &ev, j.participant_id, false};
	rc = vv_db_tx(vv_req_arena(r), member_tx, &c);
	if (rc < 0)
		return rc;
	/* muted: the page keeps its microphone off from the start (the backend's
	 * muting, applied by the sweep, is what counts) */
	/* TURN servers with this person's own credentials (none: direct only) */
	json_t *ice = j.ice_servers ? json_loads(j.ice_servers, 0, NULL) : NULL;
	if (!json_is_array(ice)) {
		json_decref(ice);
		ice = json_array();
	}
	json_t *out = json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:I, s:b, s:b, s:o}",
		"ok", 1, "adapter", j.adapter, "server", j.server, "room_id", j.room_id,
		"participant_id", j.participant_id, "display", j.display ? j.display : "",
		"token", j.token ? j.token : "", "core_token", j.core_token,
		"expires_at", (json_int_t)j.expires_at, "record", ev.record, "muted", c.muted,
		"ice_servers", ice);
	/* watch: these credentials cannot send (the page opens no devices) */
	if (out)
		json_object_set_new(out, "watch", json_boolean(room.watch_only));
	return call_json(r, 200, out);
}

int call_state(vv_req_t *r)
{
	struct call_ev ev;
	int rc = call_load(r, &ev);
	if (rc != 0)
		return rc == VV_NOTFOUND ? call_json_error(r, 404, "call.notfound") : rc;
	bool over = call_expire(r, &ev);
	/* the event's tenant decides, not the asker's (a guest, a partner's customer) */
	const struct vv_policy p = ev.policy;
	bool organiser = call_may_end(r, &ev);
	/* The organiser's page polls: who is in the room is checked each time. */
	if (organiser && !over)
		call_sweep(r, &ev);
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT member_key, participant_id, display, muted, speak_requested_at IS NOT NULL"
		" FROM call_members WHERE event_id = ? AND tenant_id = ? ORDER BY speak_requested_at",
		VV_DB_ARGS(VV_DB_I(ev.id), VV_DB_I(ev.tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	json_t *reqs = json_array();
	bool muted = false, requested = false;
	int64_t nmuted = 0, members = 0;
	while (vv_db_next(res)) {
		const char *key = vv_db_str(res, 0);
		bool m = vv_db_int(res, 3, 0) != 0, q = vv_db_int(res, 4, 0) != 0;
		members++;
		nmuted += m;
		if (key && strcmp(key, ev.member_key) == 0) {
			muted = m;
			requested = q;
		}
		if (organiser && m && q && reqs)
			json_array_append_new(reqs, json_pack("{s:s, s:s}", "participant",
				vv_db_str(res, 1), "name", vv_db_str(res, 2) ? vv_db_str(res, 2) : ""));
	}
	/* removed by the organiser: the page says so (the sweep has cut the media) */
	int removed = call_removed(r, &ev);
	if (removed < 0)
		return removed;
	json_t *out = json_pack(
		"{s:b, s:s, s:b, s:I, s:I, s:I, s:I, s:i, s:b, s:b, s:b, s:b, s:b, s:I, s:o}",
		"ok", 1, "status", ev.status, "over", over, "now", (json_int_t)ev.now,
		"starts", (json_int_t)ev.starts, "ends", (json_int_t)ev.ends,
		"warning_minutes", (json_int_t)p.warning_minutes, "hangup_presses", p.hangup_presses,
		"may_end", organiser, "organiser", organiser, "muted", muted, "requested", requested,
		"presenting", nmuted > 0, "members", (json_int_t)members,
		"requests", reqs ? reqs : json_array());
	if (out) {
		json_object_set_new(out, "removed", json_boolean(removed > 0));
		/* who is in the room, watchers too: the organiser's list */
		if (organiser && !over)
			json_object_set_new(out, "people", call_people_json(r, &ev));
	}
	return call_json(r, 200, out);
}

struct speak_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
};

static int speak_tx(vv_arena_t *a, void *p)
{
	struct speak_ctx *c = p;
	int64_t n = vv_db_exec(a,
		"UPDATE call_members SET speak_requested_at = UTC_TIMESTAMP()"
		" WHERE event_id = ? AND tenant_id = ? AND member_key = ? AND muted = 1"
		" AND speak_requested_at IS NULL",
		VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id),
			   VV_DB_S(c->ev->member_key)));
	if (n <= 0)
		return (int)n;
	return vv_audit_for(c->r, c->ev->tenant_id, "call.speak-request", vv_sprintf(a, "event %s", c->ev->uuid));
}

int call_speak_request(vv_req_t *r)
{
	struct call_ev ev;
	int rc = call_load(r, &ev);
	if (rc != 0)
		return rc == VV_NOTFOUND ? call_json_error(r, 404, "call.notfound") : rc;
	if (call_expire(r, &ev))
		return call_json_error(r, 409, "call.ended");
	struct speak_ctx c = {r, &ev};
	rc = vv_db_tx(vv_req_arena(r), speak_tx, &c);
	if (rc < 0)
		return rc;
	return call_json(r, 200, json_pack("{s:b}", "ok", 1));
}
