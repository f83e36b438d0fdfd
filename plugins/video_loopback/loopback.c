/* Plugin "video_loopback": a deterministic stand-in for a video backend,
 * for tests only. Rooms are "loop-" + the event's uuid; every control call
 * logs one line and succeeds; join hands out fixed-format fake credentials.
 * It is never the default: the configuration must say [video] adapter =
 * loopback. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

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

static int lb_participants(vv_req_t *r, const struct vv_video_room *room, const char ***ids, size_t *n)
{
	(void)r;
	(void)room;
	if (!ids || !n)
		return VV_INVALID;
	/* nobody really joins a loopback room */
	*ids = NULL;
	*n = 0;
	return 0;
}

static int lb_kick(vv_req_t *r, const struct vv_video_room *room, const char *participant)
{
	(void)r;
	vv_info("video_loopback: kick %s from room %s", participant ? participant : "-", room_of(room));
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
};

VV_PLUGIN("video_loopback", NULL, NULL, NULL, &loopback_ops);
