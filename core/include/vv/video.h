/* The video adapter: a plugin kind of its own (vv_plugin.video != NULL)
 * that gives the core rooms, credentials and in-call control on a video
 * backend. The core calls the adapter the configuration names ([video]
 * adapter = janus); plugins reach it only through vv_video(r).
 *
 * Every function returns 0 or a negative VV_ code (VV_UNAVAILABLE when the
 * backend does not answer). Strings handed out are arena memory. */
#ifndef VV_VIDEO_H
#define VV_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vv/req.h"

/* What the core knows about one event's room. */
struct vv_video_room {
	const char *room_id;    /* the adapter's id, from room_id() at event creation */
	const char *event_uuid;
	int64_t publishers;     /* who may send video at once: capacity + 1 + room for
				 * staff and guests (the call plugin's choice) */
	bool record;            /* record the session (R-EV-2) */
	int64_t starts_at;      /* UTC seconds */
	int64_t ends_at;        /* UTC seconds; moves with extensions */
};

/* Credentials for one participant to join one room from a browser. */
struct vv_video_join {
	const char *adapter;        /* "janus", "loopback" */
	const char *server;         /* URL of the backend's client API, e.g. "/janus" */
	const char *room_id;
	const char *participant_id; /* distinct per person in the room */
	const char *display;        /* the name the others see */
	const char *token;          /* room credential, short-lived and signed */
	const char *core_token;     /* backend session credential, if it needs one */
	int64_t expires_at;         /* UTC seconds */
	/* Added later (callers zero the struct first): RTCPeerConnection's
	 * iceServers as a JSON array - TURN with credentials of this person's
	 * own, valid until the event's end - or NULL. */
	const char *ice_servers;
};

struct vv_video_ops {
	uint32_t size;      /* sizeof(struct vv_video_ops) the adapter was built with */
	const char *name;   /* "janus", "loopback": what [video] adapter names */
	/* A new room id for an event (stored with the event; no backend call:
	 * rooms are created when first needed, so a restarted backend recovers). */
	int (*room_id)(vv_req_t *r, const char *event_uuid, const char **out);
	/* Makes sure the room exists with these settings (idempotent). */
	int (*ensure_room)(vv_req_t *r, const struct vv_video_room *room);
	/* Tears the room down; participants are dropped. Unknown rooms are fine. */
	int (*destroy_room)(vv_req_t *r, const struct vv_video_room *room);
	/* Credentials for user_id (0 for a guest, identified by guest_key). */
	int (*join)(vv_req_t *r, const struct vv_video_room *room, int64_t user_id,
		    const char *guest_key, const char *display, struct vv_video_join *out);
	/* Mutes the audio of every publisher but except_participant (presentation mode). */
	int (*mute_others)(vv_req_t *r, const struct vv_video_room *room, const char *except_participant);
	/* Unmutes one participant (the organiser grants a request to speak). */
	int (*unmute)(vv_req_t *r, const struct vv_video_room *room, const char *participant);
	/* The event's end moved to room->ends_at. */
	int (*extend)(vv_req_t *r, const struct vv_video_room *room);
	/* Ends the call for everyone (the room is destroyed). */
	int (*end)(vv_req_t *r, const struct vv_video_room *room);
	/* Turns recording on or off. */
	int (*recording)(vv_req_t *r, const struct vv_video_room *room, bool on);
	/* Added later: callers check size covers a member before using it
	 * (an adapter built with an older header has none of these). */
	/* The ids of the participants now joined to the room as publishers
	 * (sending yet or not), in arena memory: *ids[0..*n). An unknown room
	 * has none. The backend does not bind a room credential to an id, so
	 * the application compares these with the ids it handed out. */
	int (*participants)(vv_req_t *r, const struct vv_video_room *room, const char ***ids, size_t *n);
	/* Drops one participant from the room (unknown ids and rooms are fine). */
	int (*kick)(vv_req_t *r, const struct vv_video_room *room, const char *participant);
	/* Mutes one participant's audio (presentation mode reaching someone
	 * who joined again, or late). Idempotent. VV_NOTFOUND when the
	 * participant is not in the room or not sending yet: nothing to mute
	 * now, the caller tries again later. */
	int (*mute)(vv_req_t *r, const struct vv_video_room *room, const char *participant);
	/* Tears down every backend session that publishes or only watches in
	 * the room as a participant not in keep[0..n) (ids join handed out to
	 * people still admitted). Unknown rooms are fine. */
	int (*evict)(vv_req_t *r, const struct vv_video_room *room, const char *const *keep, size_t n);
};

/* True when the adapter v was built with member m of struct vv_video_ops
 * and sets it. */
#define VV_VIDEO_HAS(v, m) \
	((v) && (v)->size >= offsetof(struct vv_video_ops, m) + sizeof((v)->m) && (v)->m)

/* The adapter for the request's tenant ([video] adapter; NULL when none is
 * loaded, which callers treat as VV_UNAVAILABLE). */
const struct vv_video_ops *vv_video(vv_req_t *r);

#endif
