/* Plugin "video_loopback": a deterministic stand-in for a video backend,
 * for tests only. Rooms are "loop-" + the event's uuid; every control call
 * logs one line and succeeds; join hands out fixed-format fake credentials.
 * It is never the default: the configuration must say [video] adapter =
 * loopback.
 *
 * Nobody really joins a loopback room, so a test says who is in one: with
 * [video] loopback_dir set, the file <dir>/<room id> lists the ids in the
 * room and sending, one a line (participants reads it; mute refuses other
 * ids as Janus refuses one not sending yet). Without it the rooms are
 * empty. Its recordings: recordings.c. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "loopback.h"

#define LB_MAX_IDS 64

static int lb_room_id(vv_req_t *r, const char *event_uuid, const char **out)
{
	if (!event_uuid || !out)
		return VV_INVALID;
	*out = vv_sprintf(vv_req_arena(r), "loop-%s", event_uuid);
	return 0;
}

static const char *room_of(const struct vv_video_room *room)
{
	return room && room->room_id ? room->room_id : "?";
}

static int lb_ensure(vv_req_t *r, const struct vv_video_room *room)
{
	(void)r;
	vv_info("video_loopback: ensure room %s", room_of(room));
	return 0;
}

static int lb_destroy(vv_req_t *r, const struct vv_video_room *room)
{
	(void)r;
	vv_info("video_loopback: destroy room %s", room_of(room));
	return 0;
}

static int lb_join(vv_req_t *r, const struct vv_video_room *room, int64_t user_id,
		   const char *guest_key, const char *display, struct vv_video_join *out)
{
	if (!room || !room->room_id || !out)
		return VV_INVALID;
	vv_arena_t *a = vv_req_arena(r);
	/* a guest's key is a credential: only a truncated hash of it is an id
	 * (and goes into the log) */
	const char *hash = guest_key && *guest_key ? vv_token_hash(a, guest_key) : NULL;
	if (guest_key && *guest_key && !hash)
		return VV_ERR;
	const char *who = user_id ? vv_sprintf(a, "user-%" PRId64, user_id)
		       : hash ? vv_sprintf(a, "guest-%.16s", hash) : "guest-anon";
	out->adapter = "loopback";
	out->server = "loopback:";
	out->room_id = room->room_id;
	out->participant_id = who;
	out->display = display ? display : who;
	out->token = vv_sprintf(a, "loop-token:%s:%s", room->room_id, who);
	out->core_token = "";
	out->expires_at = room->ends_at;
	vv_info("video_loopback: join room %s as %s", room->room_id, who);
	return 0;
}

static int lb_mute_others(vv_req_t *r, const struct vv_video_room *room, const char *except)
{
	(void)r;
	vv_info("video_loopback: mute others in room %s except %s", room_of(room),
		except ? except : "-");
	return 0;
}

static int lb_unmute(vv_req_t *r, const struct vv_video_room *room, const char *participant)
{
	(void)r;
	vv_info("video_loopback: unmute %s in room %s", participant ? participant : "-",
		room_of(room));
	return 0;
}

static int lb_extend(vv_req_t *r, const struct vv_video_room *room)
{
	(void)r;
	vv_info("video_loopback: extend room %s to %" PRId64, room_of(room),
		room ? room->ends_at : (int64_t)0);
	return 0;
}

static int lb_end(vv_req_t *r, const struct vv_video_room *room)
{
	(void)r;
	vv_info("video_loopback: end room %s", room_of(room));
	return 0;
}

static int lb_recording(vv_req_t *r, const struct vv_video_room *room, bool on)
{
	(void)r;
	vv_info("video_loopback: recording %s in room %s", on ? "on" : "off", room_of(room));
	return 0;
}

/* The ids the test put in the room's file (see the top): 0 and none when
 * there is no loopback_dir or no file. */
static int lb_read_room(vv_req_t *r, const struct vv_video_room *room, const char ***ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	const char *dir = vv_conf_get("video", "loopback_dir", "");
	const char *id = room_of(room);
	if (!*dir)
		return 0;
	/* room ids are ours ("loop-" + a uuid); anything else names no file */
	if (strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(id))
		return VV_INVALID;
	vv_arena_t *a = vv_req_arena(r);
	const char *path = vv_sprintf(a, "%s/%s", dir, id);
	const char **out = vv_alloc(a, LB_MAX_IDS * sizeof(*out));
	if (!path || !out)
		return VV_ERR;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[128];
	while (*n < LB_MAX_IDS && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (*line && (out[*n] = vv_strdup(a, line)) != NULL)
			(*n)++;
	}
	fclose(f);
	*ids = out;
	return 0;
}

static int lb_participants(vv_req_t *r, const struct vv_video_room *room, const char ***ids, size_t *n)
{
	if (!ids || !n)
		return VV_INVALID;
	return lb_read_room(r, room, ids, n);
}

static int lb_kick(vv_req_t *r, const struct vv_video_room *room, const char *participant)
{
	(void)r;
	vv_info("video_loopback: kick %s from room %s", participant ? participant : "-", room_of(room));
	return 0;
}

/* With a loopback_dir, as Janus: only someone in the room and sending can
 * be muted (VV_NOTFOUND otherwise, and the caller tries again later). */
static int lb_mute(vv_req_t *r, const struct vv_video_room *room, const char *participant)
{
	if (!participant || !*participant)
		return VV_INVALID;
	if (*vv_conf_get("video", "loopback_dir", "")) {
		const char **ids;
		size_t n;
		int rc = lb_read_room(r, room, &ids, &n);
		if (rc != 0)
			return rc;
		size_t i = 0;
		while (i < n && strcmp(ids[i], participant) != 0)
			i++;
		if (i == n)
			return VV_NOTFOUND;
	}
	vv_info("video_loopback: mute %s in room %s", participant, room_of(room));
	return 0;
}

static const struct vv_video_ops loopback_ops = {
	.size = sizeof(struct vv_video_ops),
	.name = "loopback",
	.room_id = lb_room_id,
	.ensure_room = lb_ensure,
	.destroy_room = lb_destroy,
	.join = lb_join,
	.mute_others = lb_mute_others,
	.unmute = lb_unmute,
	.extend = lb_extend,
	.end = lb_end,
	.recording = lb_recording,
	.participants = lb_participants,
	.kick = lb_kick,
	.mute = lb_mute,
	.recordings = vv_video_loopback_recordings,
	.convert = vv_video_loopback_convert,
	.join_recordings = vv_video_loopback_join_recordings,
	.send_recording = vv_video_loopback_send_recording,
};

VV_PLUGIN("video_loopback", NULL, NULL, NULL, &loopback_ops);
