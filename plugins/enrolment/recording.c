/* A recording's page (R-RE-2, R-RE-4): the title and the privacy-enhanced
 * YouTube player (youtube-nocookie.com), or for a recorded event of the
 * tenant our own player and the file's route; neither starts by itself.
 * A customer may open it only on a day it shows in their calendar and
 * only when its type (or its shared group) is theirs; staff open their
 * tenant's. */
#include <string.h>
#include <time.h>
#include "enrolment.h"

/* YouTube ids are 11 characters of URL-safe base64; anything else stored
 * would not become part of the player's address. */
static bool youtube_id_ok(const char *s)
{
	if (!s || strlen(s) != 11)
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* What a viewer may see of the route's recording. */
struct rec {
	const char *uuid, *title, *youtube, *session; /* one of youtube, session */
	const char *room; /* the recorded event's room (with session) */
	bool today;
};

/* Loads the route's recording for this viewer: VV_NOTFOUND when it is not
 * theirs to see (a customer: not their type or group, or not one of its
 * days - or_yesterday: nor the day before) or its video is not there. */
static int load(vv_req_t *r, struct rec *out, bool or_yesterday)
{
	if (!vv_en_have_recordings(r))
		return VV_NOTFOUND;
	vv_arena_t *a = vv_req_arena(r);
	struct vv_en_viewer v;
	vv_en_viewer(r, &v);
	int err = 0;
	vv_db_res_t *res;
	/* A recorded event of the recording's own tenant (R-RE-4), once the call
	 * plugin's tick has made its file. */
#define REC_COLUMNS                                                                    \
	"e.uuid, " VV_CARE_RECORDING_TITLE("e.id", "e.title", "?") ", e.youtube_id,"         \
	" UNIX_TIMESTAMP(e.starts_at), e.until_date, e.`repeat`,"                      \
	" (SELECT s.session_video FROM events s WHERE s.id = e.event_id AND s.tenant_id = e.tenant_id)," \
	" (SELECT s.room_id FROM events s WHERE s.id = e.event_id AND s.tenant_id = e.tenant_id)"
	if (v.staff)
		res = vv_db_query(a, &err,
			"SELECT " REC_COLUMNS " FROM recordings e"
			" WHERE e.uuid = ? AND e.tenant_id = ? AND e.status = 'active'",
			VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_S(vv_req_arg(r, "uuid")),
				   VV_DB_I(v.tenant)));
	else
		res = vv_db_query(a, &err,
			"SELECT " REC_COLUMNS " FROM recordings e"
			" WHERE e.uuid = ? AND e.status = 'active' AND FIND_IN_SET(?, e.languages)"
			" AND " VV_EN_SEES,
			VV_DB_ARGS(VV_DB_S(v.dlang), VV_DB_S(vv_req_arg(r, "uuid")), VV_DB_S(v.dlang),
				   VV_DB_I(v.tenant), VV_DB_I(v.tenant), VV_DB_I(v.user),
				   VV_DB_I(v.tenant), VV_DB_I(v.user)));
#undef REC_COLUMNS
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	memset(out, 0, sizeof(*out));
	const char *yt = vv_db_str(res, 2), *session = vv_db_str(res, 6);
	if (youtube_id_ok(yt))
		out->youtube = yt;
	else if (session && *session) {
		out->session = session;
		out->room = vv_db_str(res, 7);
	}
	else
		return VV_NOTFOUND;
	struct vv_date start, until, today;
	enum vv_repeat rep;
	if (vv_en_local_date(v.tz, vv_db_int(res, 3, 0), &start) != 0 ||
	    vv_repeat_parse(vv_db_str(res, 5), &rep) != 0 ||
	    vv_date_today(v.tz, (int64_t)time(NULL), &today) != 0)
		return VV_NOTFOUND;
	until = start;
	if (vv_db_str(res, 4) && vv_time_parse_date(vv_db_str(res, 4), &until) != 0)
		return VV_NOTFOUND;
	out->today = vv_repeat_on(rep, start, until, today);
	/* R-RE-2: only on its days - and a video begun before midnight may
	 * still be fetched (seeking asks again) after it. */
	if (!v.staff && !out->today &&
	    !(or_yesterday && vv_repeat_on(rep, start, until, vv_date_add_days(today, -1))))
		return VV_NOTFOUND;
	out->uuid = vv_db_str(res, 0);
	out->title = vv_db_str(res, 1);
	return 0;
}

int vv_en_recording(vv_req_t *r)
{
	struct rec rec;
	int rc = load(r, &rec, false);
	if (rc != 0)
		return rc;
	vv_arena_t *a = vv_req_arena(r);
	xmlNodePtr n = vv_xml_add(vv_page(r), "recording");
	vv_xml_attr(n, "uuid", rec.uuid);
	vv_xml_attr(n, "title", rec.title);
	/* No autoplay: the player waits for a press (R-RE-2). */
	if (rec.youtube)
		vv_xml_attr(n, "embed", vv_sprintf(a, "https://www.youtube-nocookie.com/embed/%s", rec.youtube));
	else
		vv_xml_attr(n, "video", vv_sprintf(a, "/%s/ecare/recording/%s/video", vv_req_lang(r), rec.uuid));
	vv_xml_attr(n, "today", rec.today ? "1" : "0");
	/* The week its card was on (staff open any day's), for the way back. */
	vv_xml_attr_int(n, "week", vv_en_week_param(r));
	return 200;
}

int vv_en_recording_video(vv_req_t *r)
{
	struct rec rec;
	int rc = load(r, &rec, true);
	if (rc != 0)
		return rc;
	if (!rec.session)
		return VV_NOTFOUND; /* a YouTube recording plays from YouTube */
	/* The file is the video adapter's (it made it: join_recordings). */
	const struct vv_video_ops *v = vv_video(r);
	if (!VV_VIDEO_HAS(v, send_recording))
		return VV_NOTFOUND;
	struct vv_video_room room = {.room_id = rec.room, .record = true};
	return v->send_recording(r, &room, rec.session);
}
