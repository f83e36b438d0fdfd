/* The organiser's controls: Esitystila (POST …/present), Anna puheenvuoro
 * (POST …/unmute), the green handset pressed twice (POST …/extend) and
 * ending the event for everyone (POST …/end). Every check is made here,
 * whatever the page showed. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "call.h"

/* The event must be running (or about to) for in-call controls. */
static int running(vv_req_t *r, struct call_ev *ev)
{
	int rc = call_load(r, ev);
	if (rc != 0)
		return rc == VV_NOTFOUND ? call_json_error(r, 404, "call.notfound") : rc;
	if (call_expire(r, ev))
		return call_json_error(r, 409, "call.ended");
	return 0;
}

/* The backend participant id of the asking person, NULL when not joined
 * or when the database failed (then *err says how: an outage is not "not
 * joined"). */
static const char *my_pid(vv_req_t *r, const struct call_ev *ev, int *err)
{
	*err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), err,
		"SELECT participant_id FROM call_members WHERE event_id = ? AND tenant_id = ?"
		" AND member_key = ?",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id), VV_DB_S(ev->member_key)));
	if (!res && !*err)
		*err = VV_ERR;
	return res && vv_db_next(res) ? vv_db_str(res, 0) : NULL;
}

struct mute_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
	const char *pid;   /* present: the presenter; unmute: the one unmuted */
	bool present;
};

static int mute_tx(vv_arena_t *a, void *p)
{
	struct mute_ctx *c = p;
	int64_t n;
	if (c->present) {
		/* the event's row exclusively: a join in flight is muted here, or
		 * waits and then sees these mutes (api.c member_tx) */
		int err = 0;
		if (!vv_db_query(a, &err, "SELECT 1 FROM events WHERE id = ? AND tenant_id = ? FOR UPDATE",
				 VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id))))
			return err ? err : VV_ERR;
		n = vv_db_exec(a, "UPDATE call_members SET muted = 1, speak_requested_at = NULL"
			       " WHERE event_id = ? AND tenant_id = ? AND participant_id <> ?",
			       VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id),
					  VV_DB_S(c->pid)));
		/* The presenter has the floor, also one who was muted by an
		 * earlier press of someone else or joined while it was on. */
		if (n >= 0 && vv_db_exec(a, "UPDATE call_members SET muted = 0, speak_requested_at = NULL"
				      " WHERE event_id = ? AND tenant_id = ? AND participant_id = ?",
				      VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id),
						 VV_DB_S(c->pid))) < 0)
			return VV_ERR;
	} else
		n = vv_db_exec(a, "UPDATE call_members SET muted = 0, speak_requested_at = NULL"
			       " WHERE event_id = ? AND tenant_id = ? AND participant_id = ?",
			       VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id),
					  VV_DB_S(c->pid)));
	if (n < 0)
		return (int)n;
	int rc = vv_audit_for(c->r, c->ev->tenant_id, c->present ? "call.present" : "call.unmute",
			  vv_sprintf(a, "event %s participant %s", c->ev->uuid, c->pid));
	return rc < 0 ? rc : (int)(n > 0);
}

static int undo_tx(vv_arena_t *a, void *p)
{
	struct mute_ctx *c = p;
	int64_t n = vv_db_exec(a, "UPDATE call_members SET muted = 1"
			       " WHERE event_id = ? AND tenant_id = ? AND participant_id = ?",
			       VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id),
					  VV_DB_S(c->pid)));
	if (n < 0)
		return (int)n;
	int rc = vv_audit_for(c->r, c->ev->tenant_id, "call.unmute-undone",
			  vv_sprintf(a, "event %s participant %s", c->ev->uuid, c->pid));
	return rc < 0 ? rc : 0;
}

/* Presentation mode (mute = true: everyone but pid) or a granted request
 * to speak (mute = false: pid alone), in the backend and in call_members.
 * The room is swept first: nobody under a forged id escapes the muting.
 * A grant is written before the backend is told, so that a sweep muting
 * pid at this moment sees it afterwards and unmutes again (call_sweep);
 * if the backend does not answer, the row is muted again. */
static int set_muting(vv_req_t *r, const struct call_ev *ev, const char *pid, bool mute)
{
	const struct vv_video_ops *v = vv_video(r);
	if (!v)
		return call_json_error(r, 503, "call.unavailable");
	call_sweep(r, ev);
	struct vv_video_room room;
	call_room(ev, &room);
	struct mute_ctx c = {r, ev, pid, mute};
	int rc;
	if (mute) {
		rc = v->mute_others(r, &room, pid);
		if (rc == VV_UNAVAILABLE)
			return call_json_error(r, 503, "call.unavailable");
		rc = vv_db_tx(vv_req_arena(r), mute_tx, &c);
		if (rc < 0)
			return rc;
		/* Taking the floor unmutes the presenter in the backend too: a
		 * mute from someone's earlier press is not undone by mute_others.
		 * One who is not sending yet (VV_NOTFOUND) has nothing to undo. */
		if (v->unmute(r, &room, pid) == VV_UNAVAILABLE)
			return call_json_error(r, 503, "call.unavailable");
	} else {
		rc = vv_db_tx(vv_req_arena(r), mute_tx, &c);
		if (rc < 0)
			return rc;
		if (v->unmute(r, &room, pid) == VV_UNAVAILABLE) {
			if ((rc = vv_db_tx(vv_req_arena(r), undo_tx, &c)) < 0)
				return rc;
			return call_json_error(r, 503, "call.unavailable");
		}
	}
	return call_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int call_present(vv_req_t *r)
{
	struct call_ev ev;
	int rc = running(r, &ev);
	if (rc != 0)
		return rc;
	if (!call_may_end(r, &ev))
		return call_json_error(r, 403, "call.forbidden");
	int err;
	const char *pid = my_pid(r, &ev, &err);
	if (err)
		return err; /* VV_UNAVAILABLE: a JSON 503 (VV_ROUTE_JSON) */
	if (!pid)
		return call_json_error(r, 409, "call.not-joined");
	return set_muting(r, &ev, pid, true);
}

int call_unmute(vv_req_t *r)
{
	struct call_ev ev;
	int rc = running(r, &ev);
	if (rc != 0)
		return rc;
	if (!call_may_end(r, &ev))
		return call_json_error(r, 403, "call.forbidden");
	/* The adapters' participant ids are printable ASCII (u12, g<hex>,
	 * user-12); anything else would make the query on the ASCII column fail. */
	const char *pid = vv_form_trimmed(r, "participant");
	size_t n = strlen(pid);
	bool ascii = n > 0 && n <= 64;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = pid[i] > ' ' && pid[i] < 0x7f;
	if (!ascii)
		return call_json_error(r, 400, "call.invalid");
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT 1 FROM call_members WHERE event_id = ? AND tenant_id = ? AND participant_id = ?",
		VV_DB_ARGS(VV_DB_I(ev.id), VV_DB_I(ev.tenant_id), VV_DB_S(pid)));
	if (!res)
		return err ? err : VV_ERR; /* an outage is a 503, not "no such participant" */
	if (!vv_db_next(res))
		return call_json_error(r, 404, "call.notfound");
	return set_muting(r, &ev, pid, false);
}

struct extend_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
	int64_t max_minutes; /* out: the contract's longest event, as locked */
	int64_t new_end;
};

#define EXTEND_CONTRACT 2
#define EXTEND_NEXT 3
#define EXTEND_CONCURRENT 4

/* Every check made under the locks, in the order event creation takes
 * them (plugins/events create.c): the tenant's row first, so that an event
 * created at this moment either is counted here or counts this extension,
 * then the event's row. The session's tenant is the event's: only its
 * staff may extend (call_may_end). */
static int extend_tx(vv_arena_t *a, void *p)
{
	struct extend_ctx *c = p;
	const struct call_ev *ev = c->ev;
	struct vv_contract k;
	int rc = vv_contract_lock(c->r);
	if (rc == 0)
		rc = vv_contract_get(c->r, &k); /* the copy just reread */
	if (rc < 0)
		return rc;
	c->max_minutes = k.max_event_minutes;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT UNIX_TIMESTAMP(starts_at), UNIX_TIMESTAMP(ends_at) FROM events"
		" WHERE id = ? AND tenant_id = ? AND status = 'scheduled' FOR UPDATE",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	int64_t starts = vv_db_int(res, 0, 0), ends = vv_db_int(res, 1, 0);
	c->new_end = ends + CALL_EXTEND_SECONDS;
	if (c->new_end - starts > k.max_event_minutes * 60)
		return EXTEND_CONTRACT;
	rc = vv_check_concurrency(c->r, "extend", starts, c->new_end, ev->id);
	if (rc == VV_INVALID)
		return EXTEND_CONCURRENT;
	if (rc < 0)
		return rc;
	/* The creator's next event (one starting after this one) must not be
	 * run into. */
	res = vv_db_query(a, &err,
		"SELECT 1 FROM events WHERE tenant_id = ? AND creator_id = ? AND id <> ?"
		" AND status = 'scheduled' AND starts_at > FROM_UNIXTIME(?)"
		" AND starts_at < FROM_UNIXTIME(?) AND ends_at > FROM_UNIXTIME(?) LIMIT 1",
		VV_DB_ARGS(VV_DB_I(ev->tenant_id), VV_DB_I(ev->creator_id), VV_DB_I(ev->id),
			   VV_DB_I(starts), VV_DB_I(c->new_end), VV_DB_I(ends)));
	if (!res)
		return err ? err : VV_ERR;
	if (vv_db_next(res))
		return EXTEND_NEXT;
	/* The alarm runs to the new end (vv_event_changed). */
	rc = vv_care_event_extend(a, ev->tenant_id, ev->id, c->new_end, CALL_EXTEND_SECONDS / 60);
	if (rc < 0)
		return rc;
	rc = vv_audit_for(c->r, ev->tenant_id, "call.extend",
			  vv_sprintf(a, "event %s ends_at +%d min", ev->uuid, CALL_EXTEND_SECONDS / 60));
	return rc < 0 ? rc : 1;
}

int call_extend(vv_req_t *r)
{
	struct call_ev ev;
	int rc = running(r, &ev);
	if (rc != 0)
		return rc;
	/* the organiser only, as for ending; and only once the event runs */
	if (!call_may_end(r, &ev))
		return call_json_error(r, 403, "call.forbidden");
	if (ev.now < ev.starts)
		return call_json_error(r, 409, "call.not-yet");
	struct extend_ctx c = {r, &ev, 0, 0};
	/* FROM_UNIXTIME works in the session's zone: the connection is UTC. */
	rc = vv_db_tx(vv_req_arena(r), extend_tx, &c);
	if (rc == EXTEND_CONTRACT)
		return call_json(r, 409, json_pack("{s:b, s:s, s:I}", "ok", 0, "error",
			"call.extend.contract", "max_minutes", (json_int_t)c.max_minutes));
	if (rc == EXTEND_CONCURRENT)
		return call_json_error(r, 409, "call.extend.concurrent");
	if (rc == EXTEND_NEXT)
		return call_json_error(r, 409, "call.extend.next");
	if (rc == VV_NOTFOUND)
		return call_json_error(r, 409, "call.ended");
	if (rc < 0)
		return rc;
	ev.ends = c.new_end;
	const struct vv_video_ops *v = vv_video(r);
	if (v) {
		struct vv_video_room room;
		call_room(&ev, &room);
		if (v->extend(r, &room) != 0)
			vv_warn("call: extend of room for event %s refused by the adapter", ev.uuid);
	}
	return call_json(r, 200, json_pack("{s:b, s:I}", "ok", 1, "ends", (json_int_t)ev.ends));
}

int call_end(vv_req_t *r)
{
	struct call_ev ev;
	int rc = call_load(r, &ev);
	if (rc != 0)
		return rc == VV_NOTFOUND ? call_json_error(r, 404, "call.notfound") : rc;
	if (!call_may_end(r, &ev))
		return call_json_error(r, 403, "call.forbidden");
	if (strcmp(ev.status, "scheduled") != 0)
		return call_json(r, 200, json_pack("{s:b, s:s}", "ok", 1, "status", ev.status));
	/* A future event is not ended from here: the events plugin cancels it
	 * (Poista). Once its room is open it may be. */
	if (ev.now < ev.starts - call_room_open_seconds(r, &ev))
		return call_json_error(r, 409, "call.not-yet");
	rc = call_finish(r, &ev, "call.end");
	if (rc < 0)
		return rc;
	return call_json(r, 200, json_pack("{s:b, s:s}", "ok", 1, "status", "ended"));
}

/* ---- who may be in the room (H1) ----
 *
 * The server hands out one id per person (…/join writes it to
 * call_members) inside a ticket the Janus gate binds to every request
 * (nginx/janus-gate.js); the sweep tears down the sessions of everyone no
 * longer allowed, publishing or only watching (the adapter's evict), and
 * kicks any other publisher id (a backend without such a gate).
 * Who is allowed is computed from the authoritative tables, not only from
 * call_members: an account still active and staff of the event's tenant
 * or enrolled; a join link not revoked; a guest still enrolled; and not
 * removed from this call by the organiser (remove.c). */

#define MEMBER_ALLOWED \
	"(((m.member_key LIKE 'u%' AND EXISTS (SELECT 1 FROM users u" \
	"   WHERE u.id = CAST(SUBSTRING(m.member_key, 2) AS UNSIGNED) AND u.active = 1" \
	"   AND ((u.tenant_id = m.tenant_id AND u.role IN ('admin', 'operator', 'professional'))" \
	"    OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = m.event_id" \
	"     AND p.user_id = u.id AND p.tenant_id = u.tenant_id AND p.status = 'enrolled'))))" \
	" OR (m.member_key LIKE 't%' AND (EXISTS (SELECT 1 FROM join_links l" \
	"   WHERE l.event_id = m.event_id AND l.tenant_id = m.tenant_id AND l.revoked_at IS NULL" \
	"   AND LEFT(l.token_hash, 32) = SUBSTRING(m.member_key, 2))" \
	"  OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = m.event_id" \
	"   AND p.kind = 'guest' AND p.status = 'enrolled'" \
	"   AND LEFT(p.token_hash, 32) = SUBSTRING(m.member_key, 2)))))" \
	" AND NOT EXISTS (SELECT 1 FROM call_removed x WHERE x.event_id = m.event_id" \
	"  AND x.tenant_id = m.tenant_id AND x.member_key = m.member_key))"

struct drop_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
	const char *member_key;
	const char *pid;
};

static int drop_tx(vv_arena_t *a, void *p)
{
	struct drop_ctx *c = p;
	int64_t n = vv_db_exec(a,
		"DELETE FROM call_members WHERE event_id = ? AND tenant_id = ? AND member_key = ?",
		VV_DB_ARGS(VV_DB_I(c->ev->id), VV_DB_I(c->ev->tenant_id), VV_DB_S(c->member_key)));
	if (n <= 0)
		return (int)n;
	int rc = vv_audit_for(c->r, c->ev->tenant_id, "call.member-removed",
			  vv_sprintf(a, "event %s participant %s", c->ev->uuid, c->pid));
	return rc < 0 ? rc : 1;
}

/* An id from the backend for the log: anyone may have chosen it. */
static const char *log_id(vv_arena_t *a, const char *id)
{
	char *out = vv_sprintf(a, "%.40s", id);
	for (char *c = out; c && *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *c))
			*c = '?';
	return out ? out : "?";
}

/* The sweep muted sent[0..n) as their rows said; a grant (set_muting)
 * committed since then has told the backend to unmute, maybe before our
 * mute arrived: unmute again whoever is no longer muted. */
static int undo_granted(vv_req_t *r, const struct call_ev *ev, const struct vv_video_room *room,
			const char **sent, size_t n)
{
	if (n == 0)
		return 0;
	const struct vv_video_ops *v = vv_video(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT participant_id FROM call_members WHERE event_id = ? AND tenant_id = ? AND muted = 0",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	int ret = 0;
	while (vv_db_next(res)) {
		const char *pid = vv_db_str(res, 0);
		for (size_t i = 0; pid && i < n; i++) {
			if (strcmp(pid, sent[i]) != 0)
				continue;
			int rc = v->unmute(r, room, pid);
			if (rc != 0)
				ret = rc;
			break;
		}
	}
	return ret;
}

/* True when every id in here[0..nhere) is one of allowed[0..n): then
 * the room holds nobody to evict, and evict's walk through the backend's
 * sessions is not needed a second time. */
static bool all_allowed(const char *const *here, size_t nhere, const char *const *allowed, size_t n)
{
	for (size_t i = 0; i < nhere; i++) {
		size_t k = 0;
		while (k < n && strcmp(here[i], allowed[k]) != 0)
			k++;
		if (k == n)
			return false;
	}
	return true;
}

int call_sweep(vv_req_t *r, const struct call_ev *ev)
{
	const struct vv_video_ops *v = vv_video(r);
	if (!VV_VIDEO_HAS(v, participants) || !VV_VIDEO_HAS(v, kick))
		return 0;
	if (strcmp(ev->status, "scheduled") != 0 || ev->now < ev->starts - call_room_open_seconds(r, ev))
		return 0; /* no room to look at */
	vv_arena_t *a = vv_req_arena(r);
	struct vv_video_room room;
	call_room(ev, &room);
	/* The backend first: anyone in it got credentials before, so a row
	 * written by …/join is already visible to the query after it. */
	const char **ids = NULL;
	size_t n = 0;
	int rc = v->participants(r, &room, &ids, &n);
	if (rc != 0) {
		vv_warn("call: participants of the room of event %s: %d", ev->uuid, rc);
		return rc;
	}
	/* Who has a session in the room at all, watching or sending (an
	 * adapter that cannot say: the publishers). Whoever is not there any
	 * more has left (attendance); when the backend did not say, nobody
	 * is taken to have left. */
	const char **here = ids;
	size_t nhere = n;
	bool has_present = VV_VIDEO_HAS(v, present);
	struct vv_video_presence *who = NULL;
	size_t nwho = 0;
	bool all_known = has_present && v->present(r, &room, &who, &nwho) == 0;
	if (all_known) {
		here = vv_alloc(a, (nwho + 1) * sizeof(*here));
		if (!here)
			return VV_ERR;
		for (size_t i = 0; i < nwho; i++)
			here[i] = who[i].participant;
		nhere = nwho;
	}
	/* when the backend could not say who is there, nobody has left */
	if ((!has_present || all_known) &&
	    (rc = vv_attendance_sweep(a, ev->id, ev->tenant_id, here, nhere)) < 0) {
		vv_warn("call: attendance of event %s: %d", ev->uuid, rc);
	}
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT m.member_key, m.participant_id, " MEMBER_ALLOWED ", m.muted"
		" FROM call_members m WHERE m.event_id = ? AND m.tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	size_t cap = 16, nallowed = 0;
	const char **allowed = vv_alloc(a, cap * sizeof(*allowed));
	bool *muted = vv_alloc(a, cap * sizeof(*muted));
	if (!allowed || !muted)
		return VV_ERR;
	struct drop_ctx drops[16];
	size_t ndrops = 0;
	while (vv_db_next(res)) {
		const char *key = vv_db_str(res, 0), *pid = vv_db_str(res, 1);
		if (!key || !pid)
			continue;
		if (vv_db_int(res, 2, 0) != 0) {
			if (nallowed == cap) {
				const char **bigger = vv_alloc(a, 2 * cap * sizeof(*bigger));
				bool *more = vv_alloc(a, 2 * cap * sizeof(*more));
				if (!bigger || !more)
					return VV_ERR;
				memcpy(bigger, allowed, cap * sizeof(*bigger));
				memcpy(more, muted, cap * sizeof(*more));
				allowed = bigger;
				muted = more;
				cap *= 2;
			}
			muted[nallowed] = vv_db_int(res, 3, 0) != 0;
			allowed[nallowed++] = pid;
		} else if (ndrops < sizeof(drops) / sizeof(drops[0])) {
			/* the rest on the next sweep; their ids are not allowed meanwhile */
			drops[ndrops++] = (struct drop_ctx){r, ev, key, pid};
		}
	}
	for (size_t i = 0; i < ndrops; i++)
		if ((rc = vv_db_tx(a, drop_tx, &drops[i])) < 0)
			return rc;
	int ret = 0;
	/* Everyone else's sessions in the room go, watching or sending: a
	 * subscriber never shows in the participant list below. */
	if (VV_VIDEO_HAS(v, evict) && (!all_known || !all_allowed(here, nhere, allowed, nallowed))) {
		rc = v->evict(r, &room, allowed, nallowed);
		if (rc == VV_UNAVAILABLE)
			return rc;
		if (rc != 0)
			ret = rc;
	}
	bool can_mute = VV_VIDEO_HAS(v, mute);
	const char **sent = vv_alloc(a, (n ? n : 1) * sizeof(*sent));
	size_t nsent = 0;
	if (!sent)
		return VV_ERR;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < nallowed && strcmp(ids[i], allowed[k]) != 0)
			k++;
		if (k < nallowed) {
			/* Presentation mode follows the person, not the backend's
			 * publisher: one who joined again (or late) is a new publisher
			 * there, unmuted. Asked again on every sweep, because a page
			 * may rejoin the room with the same credentials and id without
			 * telling the server. Not sending yet: the next sweep. */
			if (muted[k] && can_mute) {
				rc = v->mute(r, &room, ids[i]);
				if (rc == VV_UNAVAILABLE)
					return rc;
				if (rc == 0)
					sent[nsent++] = ids[i];
				else if (rc != VV_NOTFOUND)
					ret = rc;
			}
			continue;
		}
		vv_warn("call: participant %s in the room of event %s was not admitted: kicked",
			log_id(a, ids[i]), ev->uuid);
		rc = v->kick(r, &room, ids[i]);
		if (rc != 0)
			ret = rc;
		if (rc == VV_UNAVAILABLE)
			return ret;
	}
	rc = undo_granted(r, ev, &room, sent, nsent);
	return rc != 0 ? rc : ret;
}

/* GET /_vv/call-admit?room=…&pid=… - asked by the Janus gate
 * (nginx/janus-gate.js) through an internal nginx location before a new
 * session, handle or join: 204 while the participant the ticket names is
 * still admitted to the running event of that room (…/join handed the id
 * out and MEMBER_ALLOWED holds), 403 otherwise. So a person taken away is
 * refused at once, even with a ticket that has not expired yet; what is
 * already in the room is the sweep's. Says nothing else to anyone.
 * With join=1 (the gate asks before a VideoRoom join) an admitted
 * participant's visit opens for the attendance record: an internal
 * location, so only the gate can write one. */
static int admit_answer(vv_req_t *r, bool yes)
{
	vv_resp_body(r, "text/plain", "", 0);
	return yes ? 204 : 403;
}

/* The gate admitted a join (join=1): the participant's visit opens
 * (vv/attendance.h), as the call's member row says who they are. Best
 * effort: the join goes on whatever happens here. */
static void attend(vv_req_t *r, const char *room, const char *pid)
{
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT e.id, e.tenant_id, m.member_key, m.display, m.is_staff FROM events e"
		" JOIN call_members m ON m.event_id = e.id AND m.tenant_id = e.tenant_id"
		" WHERE e.room_id = ? AND e.status = 'scheduled' AND m.participant_id = ? LIMIT 1",
		VV_DB_ARGS(VV_DB_S(room), VV_DB_S(pid)));
	if (!res || !vv_db_next(res))
		return;
	const char *key = vv_db_str(res, 2);
	bool account = key && key[0] == 'u';
	struct vv_attendee who = {
		.event_id = vv_db_int(res, 0, 0), .tenant_id = vv_db_int(res, 1, 0),
		.user_id = account ? strtoll(key + 1, NULL, 10) : 0, .participant_id = pid,
		.member_key = key, .display = vv_db_str(res, 3),
		.role = vv_db_int(res, 4, 0) ? "staff" : account ? "customer" : "guest",
	};
	int rc = vv_attendance_join(a, &who);
	if (rc < 0)
		vv_warn("call: attendance of a join in room %s: %d", room, rc);
}

int call_admit(vv_req_t *r)
{
	const char *room = vv_req_query(r, "room"), *pid = vv_req_query(r, "pid");
	if (!room || !pid || !*room || !*pid || strlen(room) > 64 || strlen(pid) > 64)
		return admit_answer(r, false);
	int err = 0;
	/* A room of no event is not the call plugin's (tickets are made only
	 * by the adapter, for events and for the test plugin's rooms); Janus
	 * refuses rooms that do not exist, and events' rooms are destroyed
	 * when they end or are cancelled. */
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT COUNT(*) = 0 OR EXISTS (SELECT 1 FROM events e JOIN call_members m"
		"  ON m.event_id = e.id AND m.tenant_id = e.tenant_id"
		"  WHERE e.room_id = ? AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP()"
		"  AND e.starts_at <= UTC_TIMESTAMP() + INTERVAL COALESCE((SELECT tp.room_open_minutes * 60"
		"   FROM tenant_policies tp WHERE tp.tenant_id = e.tenant_id), ?) SECOND AND m.participant_id = ?"
		"  AND (" MEMBER_ALLOWED "))"
		" FROM events WHERE room_id = ?",
		VV_DB_ARGS(VV_DB_S(room), VV_DB_I(CALL_EARLY_SECONDS), VV_DB_S(pid),
			   VV_DB_S(room)));
	if (!res)
		return err ? err : VV_ERR;
	bool yes = vv_db_next(res) && vv_db_int(res, 0, 0) != 0;
	const char *join = vv_req_query(r, "join");
	if (yes && join && strcmp(join, "1") == 0)
		attend(r, room, pid);
	return admit_answer(r, yes);
}
