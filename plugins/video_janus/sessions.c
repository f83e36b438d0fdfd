/* Who holds what in Janus, through its admin API: every session, its
 * handles, and each handle's opaque id, which the Janus gate
 * (nginx/janus-gate.js) stamps "vv|<room>|<participant>" from the member
 * ticket the browser holds. That is how a subscriber - invisible to
 * listparticipants - is found and torn down, as well as a publisher, and
 * how the call knows who is still in a room, watching or sending
 * (present: attendance). */
#include <stdio.h>
#include <string.h>
#include "video_janus.h"

/* The ids in the reply's member key (an array of integers). */
static json_t *ids_of(json_t *resp, const char *key)
{
	const char *kind = json_string_value(json_object_get(resp, "janus"));
	if (!kind || strcmp(kind, "success") != 0)
		return NULL;
	json_t *ids = json_object_get(resp, key);
	return json_is_array(ids) ? ids : NULL;
}

static bool kept(const char *pid, const char *const *keep, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (keep[i] && strcmp(keep[i], pid) == 0)
			return true;
	return false;
}

/* The participant of a handle in room, from its opaque id; NULL when the
 * handle is not in that room. */
static const char *handle_pid(vv_arena_t *a, json_int_t sid, json_int_t hid, const char *prefix)
{
	json_t *resp;
	const char *path = vv_sprintf(a, "/%lld/%lld", (long long)sid, (long long)hid);
	if (!path || vv_video_janus_admin_core(a, "handle_info", path, NULL, &resp) != 0)
		return NULL;
	const char *opaque = json_string_value(json_object_get(json_object_get(resp, "info"), "opaque_id"));
	if (!opaque || strncmp(opaque, prefix, strlen(prefix)) != 0)
		return NULL;
	return opaque + strlen(prefix);
}

/* Calls visit(ctx, session path, participant) for each handle of the
 * room's prefix in every Janus session; visit returns 1 to skip the rest
 * of that session's handles, 0 to go on, or a negative code to stop with
 * it. 0 or VV_UNAVAILABLE. */
typedef int (*visit_fn)(vv_req_t *r, void *ctx, const char *spath, const char *pid);

static int walk(vv_req_t *r, const char *room_id, visit_fn visit, void *ctx)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *prefix = vv_sprintf(a, "vv|%s|", room_id);
	json_t *resp;
	int rc = vv_video_janus_admin_core(a, "list_sessions", "", NULL, &resp);
	if (rc != 0)
		return rc;
	json_t *sessions = ids_of(resp, "sessions"), *s;
	size_t i;
	json_array_foreach(sessions, i, s) {
		json_int_t sid = json_integer_value(s);
		const char *spath = vv_sprintf(a, "/%lld", (long long)sid);
		json_t *hresp;
		if (vv_video_janus_admin_core(a, "list_handles", spath, NULL, &hresp) != 0)
			return VV_UNAVAILABLE;
		json_t *handles = ids_of(hresp, "handles"), *h;
		size_t k;
		json_array_foreach(handles, k, h) {
			const char *pid = handle_pid(a, sid, json_integer_value(h), prefix);
			if (!pid)
				continue;
			rc = visit(r, ctx, spath, pid);
			if (rc < 0)
				return rc;
			if (rc > 0)
				break;
		}
	}
	return 0;
}

struct evict_ctx {
	const struct vv_video_room *room;
	const char *const *keep;
	size_t n;
	int ret;
};

static int evict_one(vv_req_t *r, void *p, const char *spath, const char *pid)
{
	struct evict_ctx *c = p;
	if (kept(pid, c->keep, c->n))
		return 0;
	json_t *dresp;
	int rc = vv_video_janus_admin_core(vv_req_arena(r), "destroy_session", spath, NULL, &dresp);
	if (rc != 0)
		return rc;
	const char *kind = json_string_value(json_object_get(dresp, "janus"));
	if (!kind || strcmp(kind, "success") != 0) {
		vv_warn("video_janus: destroy_session in room %s refused", c->room->room_id);
		c->ret = VV_ERR;
	} else {
		char safe[41];
		snprintf(safe, sizeof(safe), "%s", pid);
		for (char *ch = safe; *ch; ch++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *ch))
				*ch = '?';
		vv_info("video_janus: tore down the session of participant %s in room %s",
			safe, c->room->room_id);
	}
	return 1; /* the session and all its handles are gone */
}

int vv_video_janus_evict(vv_req_t *r, const struct vv_video_room *room, const char *const *keep, size_t n)
{
	if (!room || !room->room_id)
		return VV_INVALID;
	struct evict_ctx c = {room, keep, n, 0};
	int rc = walk(r, room->room_id, evict_one, &c);
	return rc != 0 ? rc : c.ret;
}

/* ---- present: who holds a session in the room ---- */

#define PRESENT_MAX 256

struct present_ctx {
	struct vv_video_presence *list;
	size_t n;
};

static int present_one(vv_req_t *r, void *p, const char *spath, const char *pid)
{
	(void)spath;
	struct present_ctx *c = p;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->list[i].participant, pid) == 0)
			return 0;
	if (c->n == PRESENT_MAX)
		return 0;
	c->list[c->n].participant = vv_strdup(vv_req_arena(r), pid);
	c->list[c->n].sending = false;
	if (!c->list[c->n].participant)
		return VV_ERR;
	c->n++;
	return 0;
}

int vv_video_janus_present(vv_req_t *r, const struct vv_video_room *room, struct vv_video_presence **out,
			   size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!room || !room->room_id)
		return VV_INVALID;
	vv_arena_t *a = vv_req_arena(r);
	struct present_ctx c = {vv_alloc(a, PRESENT_MAX * sizeof(*c.list)), 0};
	if (!c.list)
		return VV_ERR;
	int rc = walk(r, room->room_id, present_one, &c);
	if (rc != 0)
		return rc;
	/* Who sends: listparticipants' "publisher" is true while media flows. */
	json_t *resp;
	rc = vv_video_janus_admin(a, "listparticipants", room->room_id,
				  json_pack("{s:s, s:s}", "request", "listparticipants", "room", room->room_id),
				  &resp);
	if (rc != 0)
		return rc;
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(resp, "participants"), i, p) {
		const char *id = json_string_value(json_object_get(p, "id"));
		if (!id || !json_is_true(json_object_get(p, "publisher")))
			continue;
		for (size_t k = 0; k < c.n; k++)
			if (strcmp(c.list[k].participant, id) == 0)
				c.list[k].sending = true;
	}
	*out = c.list;
	*n = c.n;
	return 0;
}
