/* R-CA-6: the recordings of an event for the staff of its tenant. Janus
 * writes one .mjr per stream into [video] recordings_dir
 * (videoroom-<room>-user-<id>-<ts>-<kind>-<mid>.mjr); the plugin's tick
 * converts them (convert.c); this page lists the results, says how many
 * wait or failed, and serves them through a route that checks access
 * (read by the worker, or handed to nginx with X-Accel-Redirect when
 * [video] recordings_accel names an internal location aliasing the
 * directory, so large files never pass through a worker). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "call.h"

/* The event for staff of its tenant (any status but cancelled). */
static int load_staff_event(vv_req_t *r, const char **room, const char **name, bool *ended)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT e.room_id, e.status = 'ended' OR e.ends_at <= UTC_TIMESTAMP(),"
		" " VV_CARE_EVENT_NAME("e.id", "?")
		" FROM events e WHERE e.uuid = ? AND e.tenant_id = ? AND e.status <> 'cancelled'",
		"ssi", vv_req_lang(r), vv_req_arg(r, "uuid"), vv_req_tenant_id(r));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	*room = vv_db_str(res, 0);
	*ended = vv_db_int(res, 1, 0) != 0;
	*name = vv_db_str(res, 2);
	return 0;
}

static const char *const playable[] = {".webm", ".opus", NULL};

int call_recordings_page(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *room, *name;
	bool ended;
	int rc = load_staff_event(r, &room, &name, &ended);
	if (rc != 0)
		return rc;
	xmlNodePtr p = vv_xml_add(vv_page(r), "recordings");
	vv_xml_attr(p, "event", vv_req_arg(r, "uuid"));
	vv_xml_attr(p, "name", name);
	vv_xml_attr(p, "ended", ended ? "1" : "0");
	const char *dir = call_rec_dir();
	if (dir && ended) { /* converted by the tick (call_recordings_tick), not here */
		int pending, failed;
		call_conversion_state(a, dir, room, &pending, &failed);
		vv_xml_attr_int(p, "pending", pending);
		vv_xml_attr_int(p, "failed", failed);
	}
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = dir && files ? call_room_files(a, dir, room, playable, files) : 0;
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (lstat(vv_sprintf(a, "%s/%s", dir, files[i]), &st) != 0 || !S_ISREG(st.st_mode) ||
		    st.st_size == 0)
			continue;
		xmlNodePtr f = vv_xml_add(p, "file");
		vv_xml_attr(f, "name", files[i]);
		vv_xml_attr_int(f, "bytes", (int64_t)st.st_size);
		vv_xml_attr(f, "kind", call_ends_with(files[i], ".webm") ? "video" : "audio");
		vv_xml_attr(f, "href", vv_sprintf(a, "/%s/ecare/events/%s/recordings/%d", vv_req_lang(r),
						  vv_req_arg(r, "uuid"), i + 1));
		vv_xml_attr(f, "modified", vv_sprintf(a, "%lld", (long long)st.st_mtime));
	}
	return 200;
}

/* name with every character but [A-Za-z0-9._-] dropped: safe inside a
 * quoted header parameter. */
static const char *header_safe(vv_arena_t *a, const char *name)
{
	char *out = vv_strdup(a, name);
	size_t k = 0;
	for (const char *c = name; out && *c; c++)
		if (call_is_id_char(*c) || *c == '.')
			out[k++] = *c;
	if (out)
		out[k] = '\0';
	return out && *out ? out : "recording";
}

int call_recording_file(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *room, *name;
	bool ended;
	int rc = load_staff_event(r, &room, &name, &ended);
	if (rc != 0)
		return rc;
	long idx = strtol(vv_req_arg(r, "n"), NULL, 10);
	const char *dir = call_rec_dir();
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = dir && files ? call_room_files(a, dir, room, playable, files) : 0;
	if (idx < 1 || idx > n)
		return VV_NOTFOUND;
	const char *file = files[idx - 1];
	rc = vv_resp_file(r, dir, file, call_ends_with(file, ".webm") ? "video/webm" : "audio/ogg",
			  vv_conf_get("video", "recordings_accel", NULL), VV_RESP_FILE_MAX);
	if (rc == 200)
		vv_resp_header(r, "Content-Disposition",
			       vv_sprintf(a, "inline; filename=\"%s\"", header_safe(a, file)));
	return rc;
}
