/* The ticker's work on recordings: the video adapter converts the streams
 * of each recorded event that has ended, one a call, then one file to
 * watch is made of them for the customers' calendars (session.c). Where
 * the streams are and how they are converted is the adapter's business;
 * which events, and that one ticker works on each (claimed in the
 * database), is this plugin's. */
#include <string.h>
#include "call.h"

#define CLAIM_MINUTES 20 /* longer than one conversion */

/* Takes the event's recordings for this ticker (or renews the claim):
 * true when it is ours (the claim is the care domain's row). */
static bool claim(vv_arena_t *a, int64_t id, bool renew)
{
	return vv_care_recording_claim(a, id, CLAIM_MINUTES, renew);
}

/* One claimed event: each stream converted, then the file to watch. False
 * when the adapter cannot convert now (no other event is tried either). */
static bool event_work(vv_req_t *r, const struct vv_video_ops *v, vv_db_res_t *ev)
{
	vv_arena_t *a = vv_req_arena(r);
	int64_t id = vv_db_int(ev, 0, 0);
	struct vv_video_room room = {.room_id = vv_db_str(ev, 1), .event_uuid = vv_db_str(ev, 4), .record = true};
	for (;;) {
		if (vv_stopping() || !claim(a, id, true))
			return true;
		int rc = v->convert(r, &room);
		if (rc < 0)
			return false;
		if (rc == 0)
			break;
	}
	if (!vv_stopping())
		call_session_video(r, v, &room, id, vv_db_int(ev, 2, 0), vv_db_int(ev, 3, 0));
	return true;
}

void call_recordings_tick(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const struct vv_video_ops *v = vv_video(r);
	if (!VV_VIDEO_HAS(v, recordings) || !VV_VIDEO_HAS(v, convert) || !VV_VIDEO_HAS(v, join_recordings))
		return; /* an adapter that keeps no recordings */
	/* Recorded events that ended in the last week and have no file to watch
	 * yet (session_video stays NULL until every stream is converted). */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, room_id, tenant_id, creator_id, uuid FROM events"
		" WHERE status = 'ended' AND record = 1 AND session_video IS NULL"
		" AND ends_at > UTC_TIMESTAMP() - INTERVAL 7 DAY ORDER BY ends_at LIMIT 50",
		VV_DB_NONE);
	bool go_on = true;
	while (go_on && res && vv_db_next(res) && !vv_stopping()) {
		int64_t id = vv_db_int(res, 0, 0);
		if (!claim(a, id, false))
			continue; /* another host's ticker has it */
		go_on = event_work(r, v, res);
		vv_care_recording_release(a, id);
	}
}
