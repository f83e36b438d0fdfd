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

int vv_video_janus_evict(vv_req_t *r, const struct vv_video_room *room, const char *const *keep, size_t n)
{
	if (!room || !room->room_id)
		return VV_INVALID;
	vv_arena_t *a = vv_req_arena(r);
	const char *prefix = vv_sprintf(a, "vv|%s|", room->room_id);
	json_t *resp;
	int rc = vv_video_janus_admin_core(a, "list_sessions", "", NULL, &resp);
	if (rc != 0)
		return rc;
	json_t *sessions = ids_of(resp, "sessions"), *s;
	size_t i;
	int ret = 0;
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
			if (!pid || kept(pid, keep, n))
				continue;
			json_t *dresp;
			rc = vv_video_janus_admin_core(a, "destroy_session", spath, NULL, &dresp);
			if (rc != 0)
				return rc;
			const char *kind = json_string_value(json_object_get(dresp, "janus"));
			if (!kind || strcmp(kind, "success") != 0) {
				vv_warn("video_janus: destroy_session in room %s refused", room->room_id);
				ret = VV_ERR;
			} else {
				char safe[41];
				snprintf(safe, sizeof(safe), "%s", pid);
				for (char *c = safe; *c; c++)
					if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *c))
						*c = '?';
				vv_info("video_janus: tore down the session of participant %s in room %s",
					safe, room->room_id);
			}
			break; /* the session and all its handles are gone */
		}
	}
	return ret;
}

int vv_video_janus_present(vv_req_t *r, const struct vv_video_room *room, const char ***ids, size_t *n)
{
	if (!room || !room->room_id)
		return VV_INVALID;
	vv_arena_t *a = vv_req_arena(r);
	const char *prefix = vv_sprintf(a, "vv|%s|", room->room_id);
	*ids = NULL;
	*n = 0;
	json_t *resp;
	int rc = vv_video_janus_admin_core(a, "list_sessions", "", NULL, &resp);
	if (rc != 0)
		return rc;
	json_t *sessions = ids_of(resp, "sessions"), *s;
	size_t i, cap = 0;
	const char **out = NULL;
	json_array_foreach(sessions, i, s) {
		json_int_t sid = json_integer_value(s);
		json_t *hresp;
		if (vv_video_janus_admin_core(a, "list_handles", vv_sprintf(a, "/%lld", (long long)sid), NULL,
					      &hresp) != 0)
			return VV_UNAVAILABLE;
		json_t *handles = ids_of(hresp, "handles"), *h;
		size_t k;
		json_array_foreach(handles, k, h) {
			const char *pid = handle_pid(a, sid, json_integer_value(h), prefix);
			if (!pid || kept(pid, out, *n))
				continue;
			if (*n == cap) {
				cap = cap ? 2 * cap : 8;
				const char **bigger = vv_alloc(a, cap * sizeof(*bigger));
				if (!bigger)
					return VV_ERR;
				if (*n)
					memcpy(bigger, out, *n * sizeof(*bigger));
				out = bigger;
			}
			out[(*n)++] = pid;
		}
	}
	*ids = out;
	return 0;
}
