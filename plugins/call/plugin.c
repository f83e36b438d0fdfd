/* Plugin "call": the route table and what the handlers share - loading the
 * event with its access rule, the end policy, JSON answers and ending. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "call.h"

#define U VV_ROLES_USER
#define S VV_ROLES_STAFF
#define A VV_ROLES_ALL
#define R CALL_ROLES_RECORDINGS
#define J VV_ROUTE_JSON /* what call.js asks: errors as JSON */

static const struct vv_route routes[] = {
	{"GET", "/ecare/call/{uuid}", call_page, U, 0, "call.xsl"},
	/* The tablet's devices, chosen once on the tablet by a care worker */
	{"GET", "/ecare/devices", call_devices_page, U, 0, "call-devices.xsl"},
	{"POST", "/ecare/call/{uuid}/join", call_join, U, J, NULL},
	{"GET", "/ecare/call/{uuid}/state", call_state, U, J, NULL},
	{"POST", "/ecare/call/{uuid}/speak-request", call_speak_request, U, J, NULL},
	{"POST", "/ecare/call/{uuid}/present", call_present, S, J, NULL},
	{"POST", "/ecare/call/{uuid}/unmute", call_unmute, S, J, NULL},
	{"POST", "/ecare/call/{uuid}/extend", call_extend, S, J, NULL},
	{"POST", "/ecare/call/{uuid}/end", call_end, S, J, NULL},
	{"POST", "/ecare/call/{uuid}/remove", call_remove, S, J, NULL},
	{"POST", "/ecare/call/{uuid}/consent", call_consent, U, J, NULL},
	/* A professional's join link or a guest's personal link: the token is the key. */
	{"GET", "/ecare/call/t/{token}", call_page, A, 0, "call.xsl"},
	{"POST", "/ecare/call/t/{token}/join", call_join, A, J, NULL},
	{"GET", "/ecare/call/t/{token}/state", call_state, A, J, NULL},
	{"POST", "/ecare/call/t/{token}/speak-request", call_speak_request, A, J, NULL},
	{"POST", "/ecare/call/t/{token}/consent", call_consent, A, J, NULL},
	/* The Janus gate's subrequest (an internal nginx location; nobody else's) */
	{"GET", "/_vv/call-admit", call_admit, A, VV_ROUTE_NOLANG, NULL},
	{"GET", "/ecare/events/{uuid}/recordings", call_recordings_page, R, 0, "call-recordings.xsl"},
	{"GET", "/ecare/events/{uuid}/recordings/{n:int}", call_recording_file, R, 0, NULL},
	{0},
};

static void call_tick(vv_req_t *r);

VV_PLUGIN_TICK("call", routes, NULL, NULL, NULL, call_tick);

const char *call_lang(vv_req_t *r)
{
	const char *l = vv_req_user_language(r);
	return l && *l ? l : vv_req_lang(r);
}

#define EV_COLS \
	"e.id, e.tenant_id, e.creator_id, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at)," \
	" UNIX_TIMESTAMP(UTC_TIMESTAMP()), e.max_participants, e.record, e.forced_answer, e.uuid," \
	" e.room_id, e.status," \
	" " VV_CARE_EVENT_NAME("e.id", "?") "," \
	" " VV_POLICY_COLUMNS("e.tenant_id")

/* The columns after EV_COLS start here. */
#define EV_NCOLS 17

static void fill(vv_db_res_t *res, struct call_ev *ev)
{
	ev->id = vv_db_int(res, 0, 0);
	ev->tenant_id = vv_db_int(res, 1, 0);
	ev->creator_id = vv_db_int(res, 2, 0);
	ev->starts = vv_db_int(res, 3, 0);
	ev->ends = vv_db_int(res, 4, 0);
	ev->now = vv_db_int(res, 5, (int64_t)time(NULL));
	ev->max_participants = vv_db_int(res, 6, 1);
	ev->record = vv_db_int(res, 7, 0) != 0;
	ev->forced = vv_db_int(res, 8, 0) != 0;
	ev->uuid = vv_db_str(res, 9);
	ev->room_id = vv_db_str(res, 10);
	ev->status = vv_db_str(res, 11);
	ev->name = vv_db_str(res, 12);
	/* The event's tenant's policy, whoever asks. */
	vv_policy_read(res, 13, &ev->policy);
}

static int load_token(vv_req_t *r, struct call_ev *ev, const char *token)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *hash = vv_token_hash(a, token);
	if (!hash)
		return VV_ERR;
	int err = 0;
	/* A professional's join link (events plugin), not revoked. */
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT " EV_COLS ", NULL, NULL FROM join_links l"
		" JOIN events e ON e.id = l.event_id AND e.tenant_id = l.tenant_id"
		" WHERE l.token_hash = ? AND l.revoked_at IS NULL AND e.status <> 'cancelled'"
		" UNION ALL SELECT " EV_COLS ", p.first_name, p.last_name FROM event_participants p"
		" JOIN events e ON e.id = p.event_id AND e.tenant_id = p.tenant_id"
		" WHERE p.token_hash = ? AND p.kind = 'guest' AND p.status = 'enrolled'"
		" AND e.status <> 'cancelled' LIMIT 1",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_S(hash), VV_DB_S(vv_req_lang(r)),
			   VV_DB_S(hash)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	fill(res, ev);
	const char *first = vv_db_str(res, EV_NCOLS), *last = vv_db_str(res, EV_NCOLS + 1);
	ev->guest = true;
	ev->guest_key = token;
	ev->member_key = vv_sprintf(a, "t%.32s", hash);
	if (first || last)
		ev->display = vv_sprintf(a, "%s %s", first ? first : "", last ? last : "");
	else
		ev->display = "";
	return 0;
}

int call_load(vv_req_t *r, struct call_ev *ev)
{
	memset(ev, 0, sizeof(*ev));
	const char *token = vv_req_arg(r, "token");
	if (token)
		return load_token(r, ev, token);
	const char *uuid = vv_req_arg(r, "uuid");
	int64_t me = vv_req_user_id(r), tenant = vv_req_tenant_id(r);
	if (!uuid || me <= 0)
		return VV_NOTFOUND;
	int64_t staff = (vv_req_role(r) & VV_ROLES_STAFF) != 0;
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT " EV_COLS ","
		" (SELECT p.kind FROM event_participants p WHERE p.event_id = e.id AND p.user_id = ?"
		"  AND p.tenant_id = ? AND p.status = 'enrolled' LIMIT 1)"
		" FROM events e WHERE e.uuid = ? AND e.status <> 'cancelled'",
		VV_DB_ARGS(VV_DB_S(call_lang(r)), VV_DB_I(me), VV_DB_I(tenant), VV_DB_S(uuid)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	fill(res, ev);
	const char *kind = vv_db_str(res, EV_NCOLS);
	ev->staff = staff && ev->tenant_id == tenant;
	ev->customer = kind != NULL && !ev->staff;
	if (!ev->staff && !kind)
		return VV_NOTFOUND; /* other tenants and customers not enrolled */
	ev->user_id = me;
	ev->member_key = vv_sprintf(a, "u%lld", (long long)me);
	const char *n = vv_req_user_name(r);
	ev->display = n ? n : "";
	return 0;
}

bool call_may_end(vv_req_t *r, const struct call_ev *ev)
{
	if (!ev->staff || ev->guest)
		return false;
	const struct vv_policy *p = &ev->policy;
	bool creator = ev->creator_id == ev->user_id;
	if (strcmp(p->end_policy, VV_END_STAFF) == 0)
		return true;
	if (strcmp(p->end_policy, VV_END_CREATOR) == 0)
		return creator;
	return creator || vv_req_role(r) == VV_ROLE_ADMIN;
}

void call_room(const struct call_ev *ev, struct vv_video_room *room)
{
	memset(room, 0, sizeof(*room));
	room->room_id = ev->room_id;
	room->event_uuid = ev->uuid;
	room->publishers = ev->max_participants + 1 + CALL_EXTRA_PUBLISHERS;
	room->record = ev->record;
	room->starts_at = ev->starts;
	room->ends_at = ev->ends;
}

static void json_release(void *j)
{
	json_decref(j);
}

int call_json(vv_req_t *r, int status, void *obj)
{
	json_t *j = obj;
	if (!j)
		return VV_ERR;
	if (vv_arena_cleanup(vv_req_arena(r), json_release, j) != 0)
		return VV_ERR;
	char *body = json_dumps(j, JSON_COMPACT);
	if (!body)
		return VV_ERR;
	vv_resp_body(r, "application/json", body, strlen(body));
	free(body);
	return status;
}

int call_json_error(vv_req_t *r, int status, const char *key)
{
	return call_json(r, status, json_pack("{s:b, s:s}", "ok", 0, "error", key));
}

struct end_ctx {
	vv_req_t *r;
	int64_t event_id;
	int64_t tenant_id; /* the event's: its log gets the row, whoever ended it */
	const char *detail;
	const char *why;
	bool only_past;
};

static int end_tx(vv_arena_t *a, void *p)
{
	struct end_ctx *c = p;
	int rc = vv_care_event_end(a, c->event_id, c->only_past); /* its alarm stops */
	if (rc <= 0)
		return rc;
	rc = vv_attendance_end(a, c->event_id, c->tenant_id); /* everyone has left */
	if (rc < 0)
		return rc;
	rc = vv_audit_for(c->r, c->tenant_id, c->why, c->detail);
	return rc < 0 ? rc : 1;
}

static int end_event(vv_req_t *r, struct call_ev *ev, const char *why, bool only_past)
{
	struct end_ctx c = {r, ev->id, ev->tenant_id, vv_sprintf(vv_req_arena(r), "event %s", ev->uuid),
			    why, only_past};
	int rc = vv_db_tx(vv_req_arena(r), end_tx, &c);
	if (rc < 0)
		return rc;
	ev->status = "ended";
	if (rc == 0 && only_past)
		return 0; /* another request noticed it first */
	const struct vv_video_ops *v = vv_video(r);
	if (v) {
		struct vv_video_room room;
		call_room(ev, &room);
		int vrc = v->end(r, &room);
		if (vrc != 0)
			vv_warn("call: ending room of event %s: %d", ev->uuid, vrc);
	}
	/* Its recordings are converted by the next tick (call_recordings_tick),
	 * not here: that takes up to a minute a file, too long for a request. */
	return 0;
}

bool call_expire(vv_req_t *r, struct call_ev *ev)
{
	if (strcmp(ev->status, "scheduled") != 0)
		return true;
	if (ev->now < ev->ends)
		return false;
	end_event(r, ev, "call.expire", true);
	return true;
}

/* How long before its start the event's room opens: its tenant's
 * Asetukset (room_open_minutes), CALL_EARLY_SECONDS without a row. */
int64_t call_room_open_seconds(vv_req_t *r, const struct call_ev *ev)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT room_open_minutes FROM tenant_policies WHERE tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(ev->tenant_id)));
	int64_t m = res && vv_db_next(res) ? vv_db_int(res, 0, 0) : 0;
	return m > 0 ? m * 60 : CALL_EARLY_SECONDS;
}

int call_finish(vv_req_t *r, struct call_ev *ev, const char *why)
{
	return end_event(r, ev, why, false);
}

/* What the server took away stops reaching the person with no page open:
 * every running event's room is swept (call_sweep) on each tick - the
 * sessions of people no longer admitted (cancelled, link revoked, account
 * deactivated) torn down, publishing or watching, presentation mode's
 * muting applied to whoever joined again. Rooms are swept from when they
 * open (the tenant's room_open_minutes) while their event runs; an ended
 * event's room is destroyed. */
static void call_sweep_tick(vv_req_t *r)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT " EV_COLS " FROM events e WHERE e.status = 'scheduled'"
		" AND e.starts_at <= UTC_TIMESTAMP() + INTERVAL COALESCE((SELECT tp.room_open_minutes * 60"
		"  FROM tenant_policies tp WHERE tp.tenant_id = e.tenant_id), ?) SECOND"
		" AND e.ends_at > UTC_TIMESTAMP()"
		" ORDER BY e.starts_at LIMIT 200",
		VV_DB_ARGS(VV_DB_S("fi"), VV_DB_I(CALL_EARLY_SECONDS)));
	while (res && vv_db_next(res) && !vv_stopping()) {
		struct call_ev ev;
		memset(&ev, 0, sizeof(ev));
		fill(res, &ev);
		call_sweep(r, &ev);
	}
}

/* Ends the events whose time ran out while nobody's request looked at them
 * (the first request after the end does it too: call_expire), so that
 * their rooms are torn down and their recordings converted on time. Only
 * those of the last day: older ones are from before ticks (or a long
 * outage) and were torn down with Janus long ago; ending them all at once
 * would only fill the audit logs. The status UPDATE in end_tx lets one
 * host's ticker end each event. */
static void call_tick(vv_req_t *r)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT " EV_COLS " FROM events e WHERE e.status = 'scheduled'"
		" AND e.ends_at <= UTC_TIMESTAMP() AND e.ends_at > UTC_TIMESTAMP() - INTERVAL 1 DAY"
		" ORDER BY e.ends_at LIMIT 100", /* the rest next time */
		VV_DB_ARGS(VV_DB_S("fi")));
	while (res && vv_db_next(res) && !vv_stopping()) {
		struct call_ev ev;
		memset(&ev, 0, sizeof(ev));
		fill(res, &ev);
		call_expire(r, &ev);
	}
	if (!vv_stopping())
		call_sweep_tick(r);
	/* visits left open by an event that ended or was cancelled unswept */
	if (!vv_stopping() && vv_attendance_close_stale(vv_req_arena(r)) < 0)
		vv_warn("call: closing the visits of past events failed");
	if (!vv_stopping())
		call_recordings_tick(r);
}
