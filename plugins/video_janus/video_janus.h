/* Internals of the Janus video adapter (plugins/video_janus), shared by its
 * files: video_janus.c (the vv_video_ops), admin.c (the admin API over
 * libcurl), tokens.c (HMAC signatures) and the recordings: recfiles.c
 * (Janus's file names in [video] recordings_dir, listing and sending them),
 * run.c (running a tool), convert.c (janus-pp-rec) and mux.c (ffmpeg).
 * Nothing here is public. */
#ifndef VV_VIDEO_JANUS_H
#define VV_VIDEO_JANUS_H

#include <stdbool.h>
#include <jansson.h>
#include <vv/vv.h>

/* The secrets Janus was configured with ([video] secrets_file, lines
 * "name = value"). Loaded per worker, wiped at exit; never logged. */
struct vv_video_janus_secrets {
	char admin_secret[129];
	char admin_key[129];
	char token_auth_secret[129];
	char turn_secret[129]; /* coturn's static-auth-secret; may be empty (no TURN) */
	bool loaded;
};

/* The worker's secrets, loaded on first use; NULL when the file cannot be
 * read (logged once per worker). */
const struct vv_video_janus_secrets *vv_video_janus_secrets(void);
/* Wipes the secrets (worker exit). */
void vv_video_janus_secrets_wipe(void);

/* "data:" + base64(HMAC-SHA1(secret, data)), Janus's signed-token form, in
 * arena memory; NULL on an OpenSSL failure. */
char *vv_video_janus_sign(vv_arena_t *a, const char *secret, const char *data);

/* Hex HMAC-SHA256(key, msg) truncated to hexlen (<= 64) characters, in
 * arena memory; NULL on an OpenSSL failure. Used for per-room secrets. */
char *vv_video_janus_hmac_hex(vv_arena_t *a, const char *key, const char *msg, size_t hexlen);

/* A member ticket for the Janus gate (ticket.c): room, participant id,
 * display name and the room's server signed with key (the
 * token_auth_secret), valid until expires (UTC seconds); watch_only adds
 * the claim "w" (the gate then lets nothing be sent); arena memory, NULL
 * on failure. */
char *vv_video_janus_ticket(vv_arena_t *a, const char *key, const char *room, const char *pid,
			    const char *display, const char *server, int64_t expires, bool watch_only);

/* A request to Janus's admin API itself (not a plugin): {"janus": what}
 * plus the members of extra (may be NULL; the call takes the reference),
 * POSTed to base (a server's admin URL) + path ("", "/<session>",
 * "/<session>/<handle>"). 0 and *resp (the whole reply, owned by the
 * arena; an error reply is a success with "janus":"error"), or
 * VV_UNAVAILABLE. */
int vv_video_janus_admin_core(vv_arena_t *a, const char *base, const char *what, const char *path,
			      json_t *extra, json_t **resp);
/* True when the admin API at base answers a ping (nothing logged). */
bool vv_video_janus_ping(vv_arena_t *a, const char *base);

/* ---- Several Janus servers (servers.c): [video] servers, room placement
 * recorded in janus_rooms, servers marked down in janus_servers. */
struct vv_video_janus_server {
	const char *name;      /* [a-z0-9]{1,16}: the ticket's "s", nginx's upstream vv_janus_<name> */
	const char *admin_url;
	int64_t weight;        /* 0: standby */
};
/* The configured servers, at least one (arena memory); *n how many. */
const struct vv_video_janus_server *vv_video_janus_servers(vv_arena_t *a, size_t *n);
/* The server room_id is on: moved first when its server is marked down or
 * no longer configured; a room not placed yet is placed when new_room (it
 * is being made), else the first server is named (which has no such
 * room). NULL on a database failure. Points into an array of this arena. */
const struct vv_video_janus_server *vv_video_janus_room_server(vv_arena_t *a, const char *room_id,
								bool new_room);
/* The room's server did not answer an admin request: unless a ping now
 * reaches it, marks it down and moves the room. 0 when the room is now on
 * another server (worth trying again), else VV_UNAVAILABLE. */
int vv_video_janus_server_failed(vv_arena_t *a, const char *room_id);
/* The room was destroyed: its placement goes. */
void vv_video_janus_room_forget(vv_arena_t *a, const char *room_id);
/* The plugin's tick: pings every server, marks it up or down, moves the
 * rooms off a server that is down. */
void vv_video_janus_tick(vv_req_t *r);

/* vv_video_ops.evict (sessions.c). */
int vv_video_janus_evict(vv_req_t *r, const struct vv_video_room *room, const char *const *keep, size_t n);
/* vv_video_ops.present (sessions.c). */
int vv_video_janus_present(vv_req_t *r, const struct vv_video_room *room, struct vv_video_presence **out,
			   size_t *n);

/* Admin API: sets up / releases this worker's libcurl handle. */
int vv_video_janus_admin_init(void);
void vv_video_janus_admin_fini(void);

/* Sends request (a JSON object; the call takes the reference) to the
 * VideoRoom plugin with the admin secret. On success *resp is the plugin's
 * answer (the admin reply's "response"), owned by the arena. Returns 0,
 * VV_UNAVAILABLE when Janus does not answer, VV_ERR when it refuses the
 * admin request itself; a VideoRoom error is a success whose *resp has an
 * error_code (see vv_video_janus_error). what and room_id name the call in
 * the one log line a failure writes. */
int vv_video_janus_admin(vv_arena_t *a, const char *what, const char *room_id,
			 json_t *request, json_t **resp);

/* The VideoRoom error_code in a response, 0 when none; logs other than
 * the codes listed in quiet (0-terminated) once, without secrets. */
int vv_video_janus_error(json_t *resp, const char *what, const char *room_id, const int *quiet);

/* ---- Recordings: Janus writes one .mjr per stream into [video]
 * recordings_dir as videoroom-<room>-user-<participant>-<ts>-<audio|video>-
 * <mid>.mjr; convert.c turns each into .opus or .webm beside it, mux.c
 * joins a picture and its sound into session-<room>.webm. */

#define VJ_MAX_FILES 256 /* of one room */

/* [video] recordings_dir, or NULL when unset. */
const char *vv_video_janus_rec_dir(void);
/* "videoroom-<room>-user-", what every file of the room starts with; NULL
 * when room_id is not one of ours (empty, too long, other characters). */
const char *vv_video_janus_rec_prefix(vv_arena_t *a, const char *room_id);
/* True when name is exactly what Janus writes for the room (and what
 * janus-pp-rec is told to write): prefix, a participant id of
 * [A-Za-z0-9_-]+, "-<digits>-", audio or video, "-<digits>", then ext.
 * *video tells which. */
bool vv_video_janus_rec_name(const char *name, const char *prefix, const char *ext, bool *video);
/* The room's regular files in dir ending with one of the suffixes, sorted
 * into out (arena strings, room for VJ_MAX_FILES); returns how many, or
 * VV_UNAVAILABLE (logged) when the directory cannot be read. */
int vv_video_janus_room_files(vv_arena_t *a, const char *dir, const char *room_id,
			      const char *const *suffixes, const char **out);

/* What a tool run came to. */
enum vv_video_janus_run {
	VJ_RUN_OK,     /* exited with 0 */
	VJ_RUN_FAILED, /* ran and failed (exit status, signal, or over its time): logged */
	VJ_RUN_AGAIN,  /* could not run or was stopped (vv_stopping): try again later */
};
/* Runs argv (argv[0] a path) without a shell, output discarded, for at
 * most a quarter of an hour (run.c). */
enum vv_video_janus_run vv_video_janus_run(char *const argv[]);

/* The recording members of the adapter's vv_video_ops (see vv/video.h). */
int vv_video_janus_recordings(vv_req_t *r, const struct vv_video_room *room,
			      struct vv_video_recordings *out);                   /* recfiles.c */
int vv_video_janus_send_recording(vv_req_t *r, const struct vv_video_room *room,
				  const char *name);                              /* recfiles.c */
int vv_video_janus_convert(vv_req_t *r, const struct vv_video_room *room);  /* convert.c */
int vv_video_janus_join_recordings(vv_req_t *r, const struct vv_video_room *room,
				   const struct vv_video_recording *picture,
				   const struct vv_video_recording *sound, const char **out); /* mux.c */

/* health.c: the ops' health (vv_video_ops.health): Janus's admin API and
 * the TURN server of [video] turn_urls answer. */
int vv_video_janus_health(vv_req_t *r, const char **why);

#endif
