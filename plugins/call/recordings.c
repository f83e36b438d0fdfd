/* R-CA-6: the recordings of an event for the staff of its tenant. The
 * video adapter keeps them and converts them (asked by the tick,
 * rectick.c); this page lists what it has, says how many wait or failed,
 * and serves them through a route that checks access (the adapter sends
 * the file). */
#include <stdlib.h>
#include <string.h>
#include "call.h"

/* The event for staff of its tenant (any status but cancelled). */
static int load_staff_event(vv_req_t *r, struct vv_video_room *room, const char **name, bool *ended)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT e.room_id, e.status = 'ended' OR e.ends_at <= UTC_TIMESTAMP(),"
		" " VV_CARE_EVENT_NAME("e.id", "?") ", e.record"
		" FROM events e WHERE e.uuid = ? AND e.tenant_id = ? AND e.status <> 'cancelled'",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_S(vv_req_arg(r, "uuid")),
			   VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	memset(room, 0, sizeof(*room));
	room->room_id = vv_db_str(res, 0);
	room->event_uuid = vv_req_arg(r, "uuid");
	room->record = vv_db_int(res, 3, 0) != 0;
	*ended = vv_db_int(res, 1, 0) != 0;
	*name = vv_db_str(res, 2);
	return 0;
}

/* The room's recordings as the adapter lists them: none without one that
 * keeps recordings, or when it cannot read them now. */
static bool list_recordings(vv_req_t *r, const struct vv_video_room *room, struct vv_video_recordings *out)
{
	const struct vv_video_ops *v = vv_video(r);
	memset(out, 0, sizeof(*out));
	if (!VV_VIDEO_HAS(v, recordings) || v->recordings(r, room, out) != 0) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	return true;
}

int call_recordings_page(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_video_room room;
	const char *name;
	bool ended;
	int rc = load_staff_event(r, &room, &name, &ended);
	if (rc != 0)
		return rc;
	xmlNodePtr p = vv_xml_add(vv_page(r), "recordings");
	vv_xml_attr(p, "event", vv_req_arg(r, "uuid"));
	vv_xml_attr(p, "name", name);
	vv_xml_attr(p, "ended", ended ? "1" : "0");
	struct vv_video_recordings recs;
	bool have = list_recordings(r, &room, &recs);
	if (have && ended) { /* converted by the tick (call_recordings_tick), not here */
		vv_xml_attr_int(p, "pending", recs.pending);
		vv_xml_attr_int(p, "failed", recs.failed);
	}
	for (size_t i = 0; i < recs.n; i++) {
		const struct vv_video_recording *rec = &recs.list[i];
		xmlNodePtr f = vv_xml_add(p, "file");
		vv_xml_attr(f, "name", rec->name);
		vv_xml_attr_int(f, "bytes", rec->bytes);
		vv_xml_attr(f, "kind", rec->video ? "video" : "audio");
		vv_xml_attr(f, "href", vv_sprintf(a, "/%s/ecare/events/%s/recordings/%zu", vv_req_lang(r),
						  vv_req_arg(r, "uuid"), i + 1));
		vv_xml_attr(f, "modified", vv_sprintf(a, "%lld", (long long)rec->modified));
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
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    *c == '_' || *c == '-' || *c == '.')
			out[k++] = *c;
	if (out)
		out[k] = '\0';
	return out && *out ? out : "recording";
}

int call_recording_file(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_video_room room;
	const char *name;
	bool ended;
	int rc = load_staff_event(r, &room, &name, &ended);
	if (rc != 0)
		return rc;
	long idx = strtol(vv_req_arg(r, "n"), NULL, 10);
	struct vv_video_recordings recs;
	list_recordings(r, &room, &recs);
	const struct vv_video_ops *v = vv_video(r);
	if (idx < 1 || (size_t)idx > recs.n || !VV_VIDEO_HAS(v, send_recording))
		return VV_NOTFOUND;
	const char *file = recs.list[idx - 1].name;
	rc = v->send_recording(r, &room, file);
	if (rc == 200)
		vv_resp_header(r, "Content-Disposition",
			       vv_sprintf(a, "inline; filename=\"%s\"", header_safe(a, file)));
	return rc;
}
