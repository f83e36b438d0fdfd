/* The organiser's controls: Esitystila (POST …/present), Anna puheenvuoro
 * (POST …/unmute), the green handset pressed twice (POST …/extend) and
 * ending the event for everyone (POST …/end). Every check is made here,
 * whatever the page showed. */
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

/* The backend participant id of the asking person, NULL when not joined. */
static const char *my_pid(vv_req_t *r, const struct call_ev *ev)
{
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), NULL,
		"SELECT participant_id FROM call_members WHERE event_id = ? AND tenant_id = ?"
		" AND member_key = ?", "iis", ev->id, ev->tenant_id, ev->member_key);
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
	if (c->present)
		n = vv_db_exec(a, "UPDATE call_members SET muted = 1, speak_requested_at = NULL"
			       " WHERE event_id = ? AND tenant_id = ? AND participant_id <> ?",
			       "iis", c->ev->id, c->ev->tenant_id, c->pid);
	else
		n = vv_db_exec(a, "UPDATE call_members SET muted = 0, speak_requested_at = NULL"
			       " WHERE event_id = ? AND tenant_id = ? AND participant_id = ?",
			       "iis", c->ev->id, c->ev->tenant_id, c->pid);
	if (n < 0)
		return (int)n;
	int rc = vv_audit(c->r, c->present ? "call.present" : "call.unmute",
			  vv_sprintf(a, "event %s participant %s", c->ev->uuid, c->pid));
	return rc < 0 ? rc : (int)(n > 0);
}

int call_present(vv_req_t *r)
{
	struct call_ev ev;
	int rc = running(r, &ev);
	if (rc != 0)
		return rc;
	if (!call_may_end(r, &ev))
		return call_json_error(r, 403, "call.forbidden");
	const char *pid = my_pid(r, &ev);
	if (!pid)
		return call_json_error(r, 409, "call.not-joined");
	const struct vv_video_ops *v = vv_video(r);
	if (!v)
		return call_json_error(r, 503, "call.unavailable");
	struct vv_video_room room;
	call_room(&ev, &room);
	rc = v->mute_others(r, &room, pid);
	if (rc == VV_UNAVAILABLE)
		return call_json_error(r, 503, "call.unavailable");
	struct mute_ctx c = {r, &ev, pid, true};
	rc = vv_db_tx(vv_req_arena(r), mute_tx, &c);
	if (rc < 0)
		return rc;
	return call_json(r, 200, json_pack("{s:b}", "ok", 1));
}

int call_unmute(vv_req_t *r)
{
	struct call_ev ev;
	int rc = running(r, &ev);
	if (rc != 0)
		return rc;
	if (!call_may_end(r, &ev))
		return call_json_error(r, 403, "call.forbidden");
	const char *pid = vv_form_trimmed(r, "participant");
	if (!*pid || strlen(pid) > 64)
		return call_json_error(r, 400, "call.invalid");
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), NULL,
		"SELECT 1 FROM call_members WHERE event_id = ? AND tenant_id = ? AND participant_id = ?",
		"iis", ev.id, ev.tenant_id, pid);
	if (!res || !vv_db_next(res))
		return call_json_error(r, 404, "call.notfound");
	const struct vv_video_ops *v = vv_video(r);
	if (!v)
		return call_json_error(r, 503, "call.unavailable");
	struct vv_video_room room;
	call_room(&ev, &room);
	rc = v->unmute(r, &room, pid);
	if (rc == VV_UNAVAILABLE)
		return call_json_error(r, 503, "call.unavailable");
	struct mute_ctx c = {r, &ev, pid, false};
	rc = vv_db_tx(vv_req_arena(r), mute_tx, &c);
	if (rc < 0)
		return rc;
	return call_json(r, 200, json_pack("{s:b}", "ok", 1));
}

struct extend_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
	int64_t max_seconds;
	int64_t new_end;
};

#define EXTEND_CONTRACT 2
#define EXTEND_NEXT 3

static int extend_tx(vv_arena_t *a, void *p)
{
	struct extend_ctx *c = p;
	const struct call_ev *ev = c->ev;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT UNIX_TIMESTAMP(starts_at), UNIX_TIMESTAMP(ends_at) FROM events"
		" WHERE id = ? AND tenant_id = ? AND status = 'scheduled' FOR UPDATE",
		"ii", ev->id, ev->tenant_id);
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	int64_t starts = vv_db_int(res, 0, 0), ends = vv_db_int(res, 1, 0);
	c->new_end = ends + CALL_EXTEND_SECONDS;
	if (c->new_end - starts > c->max_seconds)
		return EXTEND_CONTRACT;
	/* The creator's next event (one starting after this one) must not be
	 * run into. */
	res = vv_db_query(a, &err,
		"SELECT 1 FROM events WHERE tenant_id = ? AND creator_id = ? AND id <> ?"
		" AND status = 'scheduled' AND starts_at > FROM_UNIXTIME(?)"
		" AND starts_at < FROM_UNIXTIME(?) AND ends_at > FROM_UNIXTIME(?) LIMIT 1",
		"iiiiii", ev->tenant_id, ev->creator_id, ev->id, starts, c->new_end, ends);
	if (!res)
		return err ? err : VV_ERR;
	if (vv_db_next(res))
		return EXTEND_NEXT;
	int64_t n = vv_db_exec(a,
		"UPDATE events SET ends_at = FROM_UNIXTIME(?), duration_minutes = duration_minutes + ?"
		" WHERE id = ? AND tenant_id = ?",
		"iiii", c->new_end, (int64_t)(CALL_EXTEND_SECONDS / 60), ev->id, ev->tenant_id);
	if (n < 0)
		return (int)n;
	int rc = vv_audit(c->r, "call.extend",
			  vv_sprintf(a, "event %s ends_at +%d min", ev->uuid, CALL_EXTEND_SECONDS / 60));
	return rc < 0 ? rc : 1;
}

int call_extend(vv_req_t *r)
{
	struct call_ev ev;
	int rc = running(r, &ev);
	if (rc != 0)
		return rc;
	if (!ev.staff)
		return call_json_error(r, 403, "call.forbidden");
	struct vv_contract k;
	rc = vv_contract_get(r, &k);
	if (rc != 0)
		return rc;
	rc = vv_check_concurrency(r, "extend", ev.starts, ev.ends + CALL_EXTEND_SECONDS, ev.id);
	if (rc == VV_INVALID)
		return call_json_error(r, 409, "call.extend.concurrent");
	if (rc != 0)
		return rc;
	struct extend_ctx c = {r, &ev, k.max_event_minutes * 60, 0};
	/* FROM_UNIXTIME works in the session's zone: the connection is UTC. */
	rc = vv_db_tx(vv_req_arena(r), extend_tx, &c);
	if (rc == EXTEND_CONTRACT)
		return call_json(r, 409, json_pack("{s:b, s:s, s:I}", "ok", 0, "error",
			"call.extend.contract", "max_minutes", (json_int_t)k.max_event_minutes));
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
	rc = call_finish(r, &ev, "call.end");
	if (rc < 0)
		return rc;
	return call_json(r, 200, json_pack("{s:b, s:s}", "ok", 1, "status", "ended"));
}
