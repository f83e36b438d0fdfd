/* One file to watch of a recorded event (R-RE-4: a recorded session can
 * be put into customers' calendars like a YouTube video). The backend
 * records every publisher's streams apart; for a lecture or an exercise
 * class what the customers want is the presenter: the event's creator's
 * picture and sound, joined by the video adapter (join_recordings). When
 * the creator sent no picture, the staff member of the event's tenant who
 * sent the most - never a customer or a guest: their home is not for
 * other customers' calendars. The file's name goes to
 * events.session_video; '' when there was nothing to make it of or making
 * it failed, so that no tick tries again. The caller holds the event's
 * claim (rectick.c). */
#include <string.h>
#include "call.h"

/* Whether user is a staff member of the tenant (0: a guest, never). */
static bool is_staff(vv_arena_t *a, int64_t user, int64_t tenant)
{
	if (user <= 0)
		return false;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT 1 FROM users WHERE id = ? AND tenant_id = ? AND role <> 'customer'",
		VV_DB_ARGS(VV_DB_I(user), VV_DB_I(tenant)));
	return res && vv_db_next(res);
}

/* The largest recording of the kind sent by the presenter, else by a staff
 * member (staff[i] tells for s[i]). */
static const struct vv_video_recording *pick(const struct vv_video_recording *s, const bool *staff,
					      size_t n, bool video, int64_t presenter)
{
	const struct vv_video_recording *best = NULL;
	for (int pass = 0; pass < 2 && !best; pass++)
		for (size_t i = 0; i < n; i++)
			if (s[i].video == video && staff[i] && (pass || s[i].user_id == presenter) &&
			    (!best || s[i].bytes > best->bytes))
				best = &s[i];
	return best;
}

/* The sound that belongs to the picture: the same participant's recording
 * begun with it, else their largest. */
static const struct vv_video_recording *sound_of(const struct vv_video_recording *s, size_t n,
						  const struct vv_video_recording *v)
{
	const struct vv_video_recording *best = NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i].video || strcmp(s[i].participant, v->participant) != 0)
			continue;
		if (strcmp(s[i].take, v->take) == 0)
			return &s[i];
		if (!best || s[i].bytes > best->bytes)
			best = &s[i];
	}
	return best;
}

static void record(vv_req_t *r, int64_t event_id, const char *file)
{
	vv_care_recording_done(vv_req_arena(r), event_id, file);
}

void call_session_video(vv_req_t *r, const struct vv_video_ops *v, const struct vv_video_room *room,
			int64_t event_id, int64_t tenant_id, int64_t creator_id)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_video_recordings recs;
	if (v->recordings(r, room, &recs) != 0)
		return; /* unreadable now: nothing may be concluded */
	bool *staff = vv_alloc(a, sizeof(*staff) * (recs.n ? recs.n : 1));
	if (!staff)
		return;
	for (size_t i = 0; i < recs.n; i++)
		staff[i] = is_staff(a, recs.list[i].user_id, tenant_id);
	const struct vv_video_recording *pic = pick(recs.list, staff, recs.n, true, creator_id);
	const struct vv_video_recording *snd = pic ? sound_of(recs.list, recs.n, pic)
						   : pick(recs.list, staff, recs.n, false, creator_id);
	if (!pic && !snd) {
		record(r, event_id, "");
		return;
	}
	const char *out = NULL;
	int rc = v->join_recordings(r, room, pic, snd, &out);
	if (rc == VV_UNAVAILABLE)
		return; /* tried again on a later tick */
	record(r, event_id, rc == 0 && out ? out : "");
}
