/* Who holds what in Janus, through its admin API: every session, its
 * handles, and each handle's opaque id, which the Janus gate
 * (nginx/janus-gate.js) stamps "vv|<room>|<participant>" from the member
 * ticket the browser holds. That is how a subscriber - invisible to
 * listparticipants - is found and torn down, as well as a publisher.
 *
 * Listing costs one admin request per session and one per handle, so it
 * is done once per request and server: the call plugin's tick sweeps every
 * running room in one request, and each room's evict reads the same
 * listing (kept in the request's arena, forgotten when the arena is). */
#include <stdio.h>
#include <string.h>
#include "video_janus.h"

/* One handle Janus has, stamped by the gate. */
struct stamped {
	json_int_t sid;
	const char *opaque; /* "vv|<room>|<participant>" */
};

/* One server's sessions as listed in this request. */
struct listing {
	const char *server;
	struct stamped *list;
	size_t n;
	struct listing *next;
};

static struct listing *listed;  /* this request's, in its arena */
static vv_arena_t *listed_arena;

static void forget(void *unused)
{
	(void)unused;
	listed = NULL;
	listed_arena = NULL;
}

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

/* Every stamped handle of the server: list_sessions, then each session's
 * handles and their opaque ids. 0 and *out, or VV_UNAVAILABLE. */
static int list_server(vv_arena_t *a, const struct vv_video_janus_server *srv, struct listing **out)
{
	for (struct listing *l = listed_arena == a ? listed : NULL; l; l = l->next) {
		if (strcmp(l->server, srv->name) == 0) {
			*out = l;
			return 0;
		}
	}
	json_t *resp;
	int rc = vv_video_janus_admin_core(a, srv->admin_url, "list_sessions", "", NULL, &resp);
	if (rc != 0)
		return rc;
	struct listing *l = vv_calloc(a, sizeof(*l));
	if (!l)
		return VV_ERR;
	l->server = srv->name;
	size_t cap = 0;
	json_t *sessions = ids_of(resp, "sessions"), *s;
	size_t i;
	json_array_foreach(sessions, i, s) {
		json_int_t sid = json_integer_value(s);
		const char *spath = vv_sprintf(a, "/%lld", (long long)sid);
		json_t *hresp;
		if (vv_video_janus_admin_core(a, srv->admin_url, "list_handles", spath, NULL, &hresp) != 0)
			return VV_UNAVAILABLE;
		json_t *handles = ids_of(hresp, "handles"), *h;
		size_t k;
		json_array_foreach(handles, k, h) {
			json_t *info;
			const char *path = vv_sprintf(a, "/%lld/%lld", (long long)sid,
						      (long long)json_integer_value(h));
			if (!path || vv_video_janus_admin_core(a, srv->admin_url, "handle_info", path, NULL, &info) != 0)
				continue;
			const char *opaque = json_string_value(json_object_get(json_object_get(info, "info"),
									       "opaque_id"));
			if (!opaque || strncmp(opaque, "vv|", 3) != 0)
				continue;
			if (l->n == cap) {
				size_t bigger = cap ? 2 * cap : 32;
				struct stamped *more = vv_alloc(a, bigger * sizeof(*more));
				if (!more)
					return VV_ERR;
				if (l->n)
					memcpy(more, l->list, l->n * sizeof(*more));
				l->list = more;
				cap = bigger;
			}
			l->list[l->n++] = (struct stamped){sid, vv_strdup(a, opaque)};
		}
	}
	if (listed_arena != a) {
		if (vv_arena_cleanup(a, forget, NULL) != 0)
			return VV_ERR;
		listed = NULL;
		listed_arena = a;
	}
	l->next = listed;
	listed = l;
	*out = l;
	return 0;
}

int vv_video_janus_evict(vv_req_t *r, const struct vv_video_room *room, const char *const *keep, size_t n)
{
	if (!room || !room->room_id)
		return VV_INVALID;
	vv_arena_t *a = vv_req_arena(r);
	const struct vv_video_janus_server *srv = vv_video_janus_room_server(a, room->room_id, false);
	if (!srv)
		return VV_UNAVAILABLE;
	const char *prefix = vv_sprintf(a, "vv|%s|", room->room_id);
	struct listing *l;
	int rc = list_server(a, srv, &l);
	if (rc != 0)
		return rc;
	size_t plen = strlen(prefix);
	int ret = 0;
	for (size_t i = 0; i < l->n; i++) {
		const char *o = l->list[i].opaque;
		if (!o || strncmp(o, prefix, plen) != 0 || kept(o + plen, keep, n))
			continue;
		json_int_t sid = l->list[i].sid;
		const char *spath = vv_sprintf(a, "/%lld", (long long)sid);
		json_t *dresp;
		rc = vv_video_janus_admin_core(a, srv->admin_url, "destroy_session", spath, NULL, &dresp);
		if (rc != 0)
			return rc;
		const char *kind = json_string_value(json_object_get(dresp, "janus"));
		if (!kind || strcmp(kind, "success") != 0) {
			vv_warn("video_janus: destroy_session in room %s refused", room->room_id);
			ret = VV_ERR;
		} else {
			char safe[41];
			snprintf(safe, sizeof(safe), "%s", o + plen);
			for (char *c = safe; *c; c++)
				if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *c))
					*c = '?';
			vv_info("video_janus: tore down the session of participant %s in room %s",
				safe, room->room_id);
		}
		/* the session and all its handles are gone */
		for (size_t k = 0; k < l->n; k++)
			if (l->list[k].sid == sid)
				l->list[k].opaque = NULL;
	}
	return ret;
}

/* ---- present: who holds a session in the room ---- */

int vv_video_janus_present(vv_req_t *r, const struct vv_video_room *room, struct vv_video_presence **out,
			   size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!room || !room->room_id)
		return VV_INVALID;
	vv_arena_t *a = vv_req_arena(r);
	const struct vv_video_janus_server *srv = vv_video_janus_room_server(a, room->room_id, false);
	if (!srv)
		return VV_UNAVAILABLE;
	struct listing *l;
	int rc = list_server(a, srv, &l);
	if (rc != 0)
		return rc;
	const char *prefix = vv_sprintf(a, "vv|%s|", room->room_id);
	size_t plen = strlen(prefix), cnt = 0;
	struct vv_video_presence *list = vv_alloc(a, (l->n + 1) * sizeof(*list));
	if (!list)
		return VV_ERR;
	/* each participant once, however many handles their pages hold */
	for (size_t i = 0; i < l->n; i++) {
		const char *o = l->list[i].opaque;
		if (!o || strncmp(o, prefix, plen) != 0)
			continue;
		bool seen = false;
		for (size_t k = 0; k < cnt && !seen; k++)
			seen = strcmp(list[k].participant, o + plen) == 0;
		if (!seen)
			list[cnt++] = (struct vv_video_presence){o + plen, false};
	}
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
		for (size_t k = 0; k < cnt; k++)
			if (strcmp(list[k].participant, id) == 0)
				list[k].sending = true;
	}
	*out = list;
	*n = cnt;
	return 0;
}
