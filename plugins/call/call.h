/* Plugin "call" (issue #6, R-CA-1..6, R-EN-5, R-EV-3): the call page, its
 * JSON endpoints (credentials, state, presentation mode, requests to speak,
 * extension, ending) and the recordings of an event. Internal to the plugin
 * (plugin.c, page.c, devices.c, api.c, control.c, recordings.c, rectick.c,
 * session.c). */
#ifndef VV_CALL_H
#define VV_CALL_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

/* The room opens this long before the start unless the event's tenant set
 * room_open_minutes (Asetukset). From then on plugins/events edits only an
 * event's texts (VV_EVENTS_OPEN_SECONDS): keep the two equal. */
#define CALL_EARLY_SECONDS 300
#define CALL_EXTEND_SECONDS 900 /* the green handset pressed twice: +15 min */
/* A full event's room still takes its staff (any of the tenant's staff and
 * professionals may join), join-link guests and guests with personal links:
 * the backend's cap on senders is customers + the creator + this many. */
#define CALL_EXTRA_PUBLISHERS 8
/* Recordings are listed and served to these staff roles only. */
#define CALL_ROLES_RECORDINGS (VV_ROLE_ADMIN | VV_ROLE_OPERATOR)

/* One event as the call sees it, and who is asking. */
struct call_ev {
	int64_t id, tenant_id, creator_id, starts, ends, now, max_participants;
	bool record, forced;
	const char *uuid, *room_id, *status, *name;
	/* who */
	bool staff;          /* staff of the event's tenant: they run it */
	bool customer;       /* an enrolled customer */
	bool guest;          /* came with a join link or a guest's personal link */
	int64_t user_id;     /* 0 for a guest */
	const char *guest_key; /* the link's token (guests only; never stored or logged) */
	const char *member_key; /* "u<user id>" or "t<first 32 hex of the token's hash>" */
	const char *display;
	/* The policy of the event's tenant (not the asker's): hang-up presses,
	 * warning minutes, end policy. */
	struct vv_policy policy;
};

/* Loads the event of the route ({uuid} with a session, or {token}) and
 * checks who may see it: VV_NOTFOUND for everyone else. Cancelled events
 * are not found; ended ones are (the page then says so). */
int call_load(vv_req_t *r, struct call_ev *ev);

/* The organiser: staff of the event's tenant whom the end policy lets end
 * the event for everyone (creator / any staff / creator and admins). */
bool call_may_end(vv_req_t *r, const struct call_ev *ev);

/* Who may be in the event's room: drops call_members rows whose person is
 * no longer allowed (participant removed, link revoked, account gone),
 * tears down every backend session that publishes or watches in the room
 * as anyone else (the adapter's evict) and kicks every publisher whose id
 * is not one the server handed out through …/join to someone still
 * allowed; mutes again, in the backend, every member presentation mode
 * muted (the backend forgets it when they join again) once they send.
 * Best effort: 0, or a negative code after logging. Called by the ticker
 * for every running event, when the organiser's page polls …/state and on
 * presentation mode and unmuting. */
int call_sweep(vv_req_t *r, const struct call_ev *ev);

/* How long before its start ev's room opens (seconds): its tenant's
 * room_open_minutes (Asetukset), CALL_EARLY_SECONDS without a row. */
int64_t call_room_open_seconds(vv_req_t *r, const struct call_ev *ev);

/* The room as the video adapter wants it. */
void call_room(const struct call_ev *ev, struct vv_video_room *room);

/* Sends {"ok":false,"error":key} (or obj, stolen) with status. */
int call_json(vv_req_t *r, int status, void *json_obj);
int call_json_error(vv_req_t *r, int status, const char *key);

/* Marks the event ended (status, audit) and tears the room down when its
 * time has passed; true when the event is over (status ended or past). */
bool call_expire(vv_req_t *r, struct call_ev *ev);

/* Ends the event for everyone: status ended, audit, the room destroyed,
 * recordings converted. 0 or a negative code. */
int call_finish(vv_req_t *r, struct call_ev *ev, const char *why);

/* The page language for texts: the user's device language, else the page's. */
const char *call_lang(vv_req_t *r);

/* Handlers. */
int call_page(vv_req_t *r);          /* page.c */
int call_devices_page(vv_req_t *r);  /* devices.c */
int call_join(vv_req_t *r);          /* api.c */
int call_state(vv_req_t *r);         /* api.c */
int call_speak_request(vv_req_t *r); /* api.c */
int call_present(vv_req_t *r);       /* control.c */
int call_unmute(vv_req_t *r);        /* control.c */
int call_extend(vv_req_t *r);        /* control.c */
int call_end(vv_req_t *r);           /* control.c */
int call_admit(vv_req_t *r);         /* control.c: the Janus gate's question */
int call_consent(vv_req_t *r);       /* consent.c */
int call_remove(vv_req_t *r);        /* remove.c */
int call_recordings_page(vv_req_t *r); /* recordings.c */
int call_recording_file(vv_req_t *r);  /* recordings.c */

/* Consent before media (consent.c). What the person asking answered to a
 * recorded event's notice: NONE when they are not asked (not recorded, or
 * staff of the event's tenant), ASK when they have not answered, YES or
 * NO; or a negative code. Anything but NONE and YES joins watch-only. */
enum { CALL_CONSENT_NONE, CALL_CONSENT_ASK, CALL_CONSENT_YES, CALL_CONSENT_NO };
bool call_consent_asked(const struct call_ev *ev);
int call_consent_get(vv_req_t *r, const struct call_ev *ev);
/* Records that the notice was shown to the person asking (once). 0 or a
 * negative code. */
int call_consent_shown(vv_req_t *r, const struct call_ev *ev);

/* Removal from a call (remove.c): 1 when the organiser removed the person
 * asking from this event's call, 0 when not, or a negative code. */
int call_removed(vv_req_t *r, const struct call_ev *ev);
/* The organiser's participant list (a json_t array, new reference): who
 * holds a backend session in the room, sending or only watching, with
 * their names and whether the organiser may remove them. */
void *call_people_json(vv_req_t *r, const struct call_ev *ev);

/* Makes the one file to watch of an ended recorded event whose streams
 * the adapter v has converted (session.c): the creator's picture with its
 * sound (else the largest of a staff member of tenant_id; never a
 * customer's or a guest's), joined by the adapter, its name recorded in
 * events.session_video ('' when there is nothing to make it of or making
 * it failed; nothing when the adapter cannot now). */
void call_session_video(vv_req_t *r, const struct vv_video_ops *v, const struct vv_video_room *room,
			int64_t event_id, int64_t tenant_id, int64_t creator_id);

/* Has the adapter convert the streams of recorded events that ended in the
 * last week and makes their files to watch, each event claimed in the
 * database while this ticker works on it (rectick.c). Called from the tick. */
void call_recordings_tick(vv_req_t *r);

#endif
