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
	/* Added later (callers zero the struct first): join() hands out
	 * credentials that can watch and listen but never send (a person who
	 * declined a recorded event's notice, issue #11). */
	bool watch_only;
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

/* One playable recording of a room: one participant's picture or sound,
 * as convert() left it. */
struct vv_video_recording {
	const char *name;        /* the adapter's file name, unique in the room, only
				  * [A-Za-z0-9._-] (safe in a header); for send_recording */
	const char *participant; /* the id join() handed out to the sender */
	int64_t user_id;         /* the user_id join() was given for it; 0 for a guest */
	const char *take;        /* the same for the streams one participant began together */
	bool video;              /* a picture; else sound only */
	const char *type;        /* its MIME type ("video/webm", "audio/ogg") */
	int64_t bytes;           /* > 0: a stream that could not be converted is no recording */
	int64_t modified;        /* UTC seconds */
};

/* A room's recordings (arena memory). */
struct vv_video_recordings {
	const struct vv_video_recording *list; /* sorted by name */
	size_t n;
	int pending; /* streams recorded that convert() has not turned into recordings yet */
	int failed;  /* streams convert() could not turn into recordings (not tried again) */
};

/* One participant with a backend session in a room (vv_video_ops.present). */
struct vv_video_presence {
	const char *participant; /* the id join() handed out */
	bool sending;            /* media flows from them; else they only watch */
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
	/* Recordings (R-CA-6, R-RE-4): where the backend keeps them, their
	 * names and the tools that make them playable are the adapter's
	 * business; the application asks through these four. */
	/* The room's playable recordings and how many streams wait for
	 * convert() or failed in it. An unknown room, or a backend that keeps
	 * none, has none. VV_UNAVAILABLE when the store cannot be read now:
	 * nothing may be concluded from it (not "no recordings"). */
	int (*recordings)(vv_req_t *r, const struct vv_video_room *room, struct vv_video_recordings *out);
	/* Converts the next stream of the room that waits (pending above): 1
	 * when it did one, converted or failed for good (call again), 0 when
	 * none waits, VV_UNAVAILABLE when the tools cannot run now or the
	 * server is stopping (try on a later tick). One call may take
	 * minutes: the ticker's work, never a request's. */
	int (*convert)(vv_req_t *r, const struct vv_video_room *room);
	/* Makes the room's one file to watch of a picture and a sound (two of
	 * its recordings; either may be NULL, not both), without re-encoding;
	 * *out its name (arena memory) for send_recording. 0;
	 * VV_UNAVAILABLE when the tool cannot run now (try later); VV_ERR
	 * when making it failed (logged; trying again would fail alike). */
	int (*join_recordings)(vv_req_t *r, const struct vv_video_room *room,
			       const struct vv_video_recording *picture,
			       const struct vv_video_recording *sound, const char **out);
	/* Answers the request with the room's file name (a recording's name
	 * or what join_recordings made), with its type; range requests work.
	 * The caller has checked who may see it. 200, VV_NOTFOUND when name
	 * is no file of the room, or another negative code. */
	int (*send_recording)(vv_req_t *r, const struct vv_video_room *room, const char *name);
	/* Tears down every backend session that publishes or only watches in
	 * the room as a participant not in keep[0..n) (ids join handed out to
	 * people still admitted). Unknown rooms are fine. */
	int (*evict)(vv_req_t *r, const struct vv_video_room *room, const char *const *keep, size_t n);
	/* Everyone with a backend session in the room, sending or only
	 * watching (a subscriber never shows in participants()): *out[0..*n)
	 * in arena memory, one entry per participant id join() handed out.
	 * Unknown rooms have none. */
	int (*present)(vv_req_t *r, const struct vv_video_room *room, struct vv_video_presence **out,
		       size_t *n);
	/* Whether the backend answers, for /healthz: 0, or VV_UNAVAILABLE and
	 * in *why what does not, one line per problem (arena or static). */
	int (*health)(vv_req_t *r, const char **why);
};

/* True when the adapter v was built with member m of struct vv_video_ops
 * and sets it. */
#define VV_VIDEO_HAS(v, m) \
	((v) && (v)->size >= offsetof(struct vv_video_ops, m) + sizeof((v)->m) && (v)->m)

/* The adapter for the request's tenant ([video] adapter; NULL when none is
 * loaded, which callers treat as VV_UNAVAILABLE). */
const struct vv_video_ops *vv_video(vv_req_t *r);

#endif
