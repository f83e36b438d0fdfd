/* The Janus video adapter: vv_video_ops "janus" on Janus's VideoRoom.
 *
 * Rooms are private, created through the admin API when first needed
 * (ensure_room), with string ids derived from event ids, signed tokens
 * required to join, and a management secret derived from the admin secret
 * and the room id (HMAC), so nothing beyond the secrets file is stored.
 * Browsers get a member ticket (ticket.c) for the Janus gate in front of
 * Janus (nginx/janus-gate.js), never Janus's own tokens; the gate binds the
 * ticket's room, participant id and name to every request and stamps each
 * handle with them, so that evict (sessions.c) finds whose sessions to tear
 * down through the admin API.
 *
 * Recordings (recfiles.c, convert.c, mux.c): Janus writes them into
 * recordings_dir, janus-pp-rec and ffmpeg make them playable.
 *
 * [video] keys: adapter = janus, admin_url, secrets_file, recordings_dir,
 * recordings_accel, pp_rec, ffmpeg,
 * client_url (what browsers are told, default "/janus", proxied by nginx),
 * token_margin (seconds after the end a ticket stays valid, default 1800),
 * ticket_seconds (a ticket's life, default 300: new sessions and joins
 * need a live one; a session already in is watched by the sweep).
 * janus_url (Janus's own HTTP API) is for operators and tools; the adapter
 * needs only the admin API.
 *
 * Several Janus servers (servers.c): [video] servers, server_weights; each
 * room is placed on one (janus_rooms), the ticket names it for the gate,
 * and a room whose server does not answer moves to a live one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "video_janus.h"


/* The room's management secret: 32 hex digits of HMAC(admin_secret, id). */
static const char *room_secret(vv_arena_t *a, const struct vv_video_janus_secrets *s, const char *room_id)
{
	char *msg = vv_sprintf(a, "vvhome-room-secret:%s", room_id);
	return vv_video_janus_hmac_hex(a, s->admin_secret, msg, 32);
}

/* The management secret of a room the caller is about to manage: 0 and
 * *secret, VV_UNAVAILABLE without the secrets file, VV_ERR otherwise. */
static int managed_room(vv_req_t *r, const struct vv_video_room *room, const char **secret)
{
	const struct vv_video_janus_secrets *s = vv_video_janus_secrets();
	if (!s)
		return VV_UNAVAILABLE;
	*secret = room_secret(vv_req_arena(r), s, room->room_id);
	return *secret ? 0 : VV_ERR;
}

/* managed_room for a request about one participant of the room:
 * VV_INVALID without a room or a participant id. */
static int managed_participant(vv_req_t *r, const struct vv_video_room *room,
			       const char *participant, const char **secret)
{
	if (!room || !room->room_id || !participant || !*participant)
		return VV_INVALID;
	return managed_room(r, room, secret);
}

static int janus_room_id(vv_req_t *r, const char *event_uuid, const char **out)
{
	if (!event_uuid || !*event_uuid || strlen(event_uuid) > 64 ||
	    strspn(event_uuid, "0123456789abcdef-") != strlen(event_uuid))
		return VV_INVALID;
	*out = vv_sprintf(vv_req_arena(r), "vv-%s", event_uuid);
	return 0;
}

/* Sends one VideoRoom request; *resp as vv_video_janus_admin. */
static int call(vv_req_t *r, const char *what, const char *room_id, json_t *req, json_t **resp)
{
	return vv_video_janus_admin(vv_req_arena(r), what, room_id, req, resp);
}

static int janus_ensure_room(vv_req_t *r, const struct vv_video_room *room)
{
	vv_arena_t *a = vv_req_arena(r);
	const struct vv_video_janus_secrets *s = vv_video_janus_secrets();
	if (!s)
		return VV_UNAVAILABLE;
	/* placed on a server first (servers.c): every call below goes there */
	if (!vv_video_janus_room_server(a, room->room_id, true))
		return VV_UNAVAILABLE;
	json_t *resp;
	int rc = call(r, "exists", room->room_id,
		      json_pack("{s:s, s:s}", "request", "exists", "room", room->room_id), &resp);
	/* Its server does not answer (a call page joining again after the
	 * server died): moved to a live one, the room is made there. */
	if (rc == VV_UNAVAILABLE && vv_video_janus_server_failed(a, room->room_id) == 0)
		rc = call(r, "exists", room->room_id,
			  json_pack("{s:s, s:s}", "request", "exists", "room", room->room_id), &resp);
	if (rc != 0)
		return rc;
	if (json_is_true(json_object_get(resp, "exists")))
		return 0;
	const char *secret = room_secret(a, s, room->room_id);
	if (!secret)
		return VV_ERR;
	json_t *req = json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:b, s:b, s:b, s:b, s:b, s:b}",
				"request", "create", "admin_key", s->admin_key,
				"room", room->room_id, "description", "vvhome",
				"publishers", (json_int_t)(room->publishers > 0 ? room->publishers : 1),
				"is_private", 1, "secret", secret, "signed_tokens", 1,
				"record", room->record ? 1 : 0, "lock_record", 1,
				"notify_joining", 1, "audiolevel_event", 1, "permanent", 0);
	const char *dir = vv_video_janus_rec_dir();
	if (req && dir)
		json_object_set_new(req, "rec_dir", json_string(dir));
	rc = call(r, "create", room->room_id, req, &resp);
	if (rc != 0)
		return rc;
	static const int quiet[] = {427, 0}; /* created meanwhile by another worker */
	int code = vv_video_janus_error(resp, "create", room->room_id, quiet);
	return code == 0 || code == 427 ? 0 : VV_ERR;
}

static int janus_destroy_room(vv_req_t *r, const struct vv_video_room *room)
{
	const char *secret;
	int sr = managed_room(r, room, &secret);
	if (sr != 0)
		return sr;
	json_t *resp;
	int rc = call(r, "destroy", room->room_id,
		      json_pack("{s:s, s:s, s:s}", "request", "destroy", "room", room->room_id,
				"secret", secret), &resp);
	if (rc != 0)
		return rc;
	static const int quiet[] = {426, 0}; /* no such room: already gone */
	int code = vv_video_janus_error(resp, "destroy", room->room_id, quiet);
	if (code != 0 && code != 426)
		return VV_ERR;
	vv_video_janus_room_forget(vv_req_arena(r), room->room_id);
	return 0;
}

/* TURN for one person ([video] turn_urls, space-separated, and the secrets
 * file's turn_secret): coturn's REST-API credentials, user "<expiry>:<id>"
 * and password base64(HMAC-SHA1(secret, user)). They last until the
 * event's end, not the ticket's: coturn checks them again on every refresh
 * of an allocation, and a call must not drop at a ticket's expiry. NULL
 * (no TURN) when either is unset. */
static const char *ice_servers(vv_arena_t *a, const struct vv_video_janus_secrets *s, const char *pid,
			       int64_t expires)
{
	const char *urls = vv_conf_get("video", "turn_urls", NULL);
	if (!urls || !*urls || !s->turn_secret[0])
		return NULL;
	const char *user = vv_sprintf(a, "%lld:%s", (long long)expires, pid);
	const char *signed_user = user ? vv_video_janus_sign(a, s->turn_secret, user) : NULL;
	if (!signed_user)
		return NULL;
	json_t *list = json_array(), *server = NULL;
	char *copy = vv_strdup(a, urls), *save = NULL;
	for (char *u = copy ? strtok_r(copy, " \t", &save) : NULL; u; u = strtok_r(NULL, " \t", &save))
		json_array_append_new(list, json_string(u));
	server = json_pack("{s:o, s:s, s:s}", "urls", list, "username", user,
			   "credential", strrchr(signed_user, ':') + 1);
	json_t *all = server ? json_pack("[o]", server) : NULL;
	char *text = all ? json_dumps(all, JSON_COMPACT) : NULL;
	json_decref(all);
	const char *out = text ? vv_strdup(a, text) : NULL;
	free(text);
	return out;
}

static int janus_join(vv_req_t *r, const struct vv_video_room *room, int64_t user_id,
		      const char *guest_key, const char *display, struct vv_video_join *out)
{
	vv_arena_t *a = vv_req_arena(r);
	const struct vv_video_janus_secrets *s = vv_video_janus_secrets();
	if (!s)
		return VV_UNAVAILABLE;
	const char *pid;
	if (user_id > 0)
		pid = vv_sprintf(a, "u%lld", (long long)user_id);
	else if (guest_key && *guest_key)
		/* a guest's key is a credential: only a hash of it goes to Janus */
		pid = vv_sprintf(a, "g%.16s", vv_token_hash(a, guest_key));
	else
		return VV_INVALID;
	/* A member ticket, not Janus's tokens: the gate in front of Janus
	 * (nginx/janus-gate.js) holds the browser to this room, id and name and
	 * makes Janus's tokens itself. Short-lived: a page that joins again asks
	 * …/join again, which answers only while the person is admitted. */
	int64_t now = (int64_t)time(NULL);
	int64_t expires = room->ends_at + vv_conf_int("video", "token_margin", 1800);
	int64_t ttl = vv_conf_int("video", "ticket_seconds", 300);
	if (expires <= now)
		return VV_FORBIDDEN;
	if (ttl > 0 && now + ttl < expires)
		expires = now + ttl;
	/* the room's server: the gate sends the ticket's requests there */
	const struct vv_video_janus_server *srv = vv_video_janus_room_server(a, room->room_id, true);
	if (!srv)
		return VV_UNAVAILABLE;
	const char *ticket = vv_video_janus_ticket(a, s->token_auth_secret, room->room_id, pid,
						   display ? display : "", srv->name, expires, room->watch_only);
	if (!ticket)
		return VV_ERR;
	memset(out, 0, sizeof(*out));
	out->core_token = ticket;
	out->token = ticket;
	out->ice_servers = ice_servers(a, s, pid, room->ends_at + vv_conf_int("video", "token_margin", 1800));
	out->adapter = "janus";
	out->server = vv_conf_get("video", "client_url", "/janus");
	out->room_id = room->room_id;
	out->participant_id = pid;
	out->display = display ? display : "";
	out->expires_at = expires;
	return 0;
}

/* Mutes or unmutes the audio of one publisher, each audio mid it has:
 * 0, VV_NOTFOUND when Janus has no such feed (428: gone, or joined but not
 * sending yet), VV_UNAVAILABLE, VV_ERR. */
static int moderate(vv_req_t *r, const struct vv_video_room *room, const char *secret,
		    json_t *participant, bool mute)
{
	const char *id = json_string_value(json_object_get(participant, "id"));
	if (!id)
		return 0;
	/* listparticipants names no streams in 1.1.2; janus.js sends audio first (mid "0") */
	const char *mids[8];
	size_t nmids = 0;
	json_t *streams = json_object_get(participant, "streams"), *st;
	size_t i;
	json_array_foreach(streams, i, st) {
		const char *type = json_string_value(json_object_get(st, "type"));
		const char *mid = json_string_value(json_object_get(st, "mid"));
		if (type && mid && strcmp(type, "audio") == 0 && nmids < 8)
			mids[nmids++] = mid;
	}
	if (nmids == 0)
		mids[nmids++] = "0";
	int ret = 0;
	for (size_t k = 0; k < nmids; k++) {
		json_t *resp;
		int rc = call(r, "moderate", room->room_id,
			      json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "request", "moderate",
					"room", room->room_id, "secret", secret, "id", id,
					"mid", mids[k], "mute", mute ? 1 : 0), &resp);
		if (rc != 0)
			return rc;
		/* 428: not publishing yet, nothing to mute; 453: no such mid */
		static const int quiet[] = {428, 453, 0};
		int code = vv_video_janus_error(resp, "moderate", room->room_id, quiet);
		if (code == 428)
			return VV_NOTFOUND; /* no feed at all: the other mids fail alike */
		if (code != 0 && code != 453)
			ret = VV_ERR;
	}
	return ret;
}

/* Runs moderate on every publisher that except (NULL: none) / only (NULL:
 * all) selects. */
static int moderate_all(vv_req_t *r, const struct vv_video_room *room, const char *except,
			const char *only, bool mute)
{
	const char *secret;
	int sr = managed_room(r, room, &secret);
	if (sr != 0)
		return sr;
	json_t *resp;
	int rc = call(r, "listparticipants", room->room_id,
		      json_pack("{s:s, s:s}", "request", "listparticipants", "room", room->room_id),
		      &resp);
	if (rc != 0)
		return rc;
	if (vv_video_janus_error(resp, "listparticipants", room->room_id, NULL) != 0)
		return VV_NOTFOUND;
	json_t *p;
	size_t i;
	int ret = 0;
	json_array_foreach(json_object_get(resp, "participants"), i, p) {
		const char *id = json_string_value(json_object_get(p, "id"));
		if (!id || !json_is_true(json_object_get(p, "publisher")))
			continue;
		if ((except && strcmp(id, except) == 0) || (only && strcmp(id, only) != 0))
			continue;
		rc = moderate(r, room, secret, p, mute);
		if (rc == VV_UNAVAILABLE)
			return rc;
		if (rc != 0 && rc != VV_NOTFOUND) /* not sending yet: nothing to do */
			ret = rc;
	}
	return ret;
}

static int janus_mute_others(vv_req_t *r, const struct vv_video_room *room, const char *except)
{
	return moderate_all(r, room, except, NULL, true);
}

static int janus_unmute(vv_req_t *r, const struct vv_video_room *room, const char *participant)
{
	if (!participant)
		return VV_INVALID;
	return moderate_all(r, room, NULL, participant, false);
}

/* One moderate request, no listparticipants first: the call plugin's sweep
 * runs this for each muted member on every poll of the organiser's page.
 * Janus keeps moderation per publisher, so a person who joins again (a
 * new publisher under the same id) is unmuted until this runs. */
static int janus_mute(vv_req_t *r, const struct vv_video_room *room, const char *participant)
{
	const char *secret;
	int sr = managed_participant(r, room, participant, &secret);
	if (sr != 0)
		return sr;
	json_t *p = json_pack("{s:s}", "id", participant);
	if (!p)
		return VV_ERR;
	int rc = moderate(r, room, secret, p, true);
	json_decref(p);
	return rc;
}

static int janus_extend(vv_req_t *r, const struct vv_video_room *room)
{
	(void)r;
	/* Janus knows no end time: the application ends the call itself. */
	vv_info("video_janus: room %s now ends at %lld", room->room_id, (long long)room->ends_at);
	return 0;
}

static int janus_end(vv_req_t *r, const struct vv_video_room *room)
{
	return janus_destroy_room(r, room);
}

static int janus_recording(vv_req_t *r, const struct vv_video_room *room, bool on)
{
	const char *secret;
	int sr = managed_room(r, room, &secret);
	if (sr != 0)
		return sr;
	json_t *resp;
	int rc = call(r, "enable_recording", room->room_id,
		      json_pack("{s:s, s:s, s:s, s:b}", "request", "enable_recording",
				"room", room->room_id, "secret", secret, "record", on ? 1 : 0), &resp);
	if (rc != 0)
		return rc;
	static const int quiet[] = {426, 0};
	int code = vv_video_janus_error(resp, "enable_recording", room->room_id, quiet);
	return code == 0 ? 0 : code == 426 ? VV_NOTFOUND : VV_ERR;
}

/* listparticipants: every participant joined as a publisher, sending or
 * not (Janus's "publisher" flag only says whether media flows). */
static int janus_participants(vv_req_t *r, const struct vv_video_room *room, const char ***ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (!room || !room->room_id)
		return VV_INVALID;
	json_t *resp;
	int rc = call(r, "listparticipants", room->room_id,
		      json_pack("{s:s, s:s}", "request", "listparticipants", "room", room->room_id),
		      &resp);
	if (rc != 0)
		return rc;
	static const int quiet[] = {426, 0}; /* no such room (yet): nobody in it */
	int code = vv_video_janus_error(resp, "listparticipants", room->room_id, quiet);
	if (code == 426)
		return 0;
	if (code != 0)
		return VV_ERR;
	json_t *list = json_object_get(resp, "participants"), *p;
	size_t total = json_array_size(list), i;
	if (total == 0)
		return 0;
	const char **out = vv_alloc(vv_req_arena(r), total * sizeof(*out));
	if (!out)
		return VV_ERR;
	json_array_foreach(list, i, p) {
		const char *id = json_string_value(json_object_get(p, "id"));
		if (id)
			out[(*n)++] = vv_strdup(vv_req_arena(r), id);
	}
	*ids = out;
	return 0;
}

static int janus_kick(vv_req_t *r, const struct vv_video_room *room, const char *participant)
{
	const char *secret;
	int sr = managed_participant(r, room, participant, &secret);
	if (sr != 0)
		return sr;
	json_t *resp;
	int rc = call(r, "kick", room->room_id,
		      json_pack("{s:s, s:s, s:s, s:s}", "request", "kick", "room", room->room_id,
				"secret", secret, "id", participant), &resp);
	if (rc != 0)
		return rc;
	/* 426: no such room; 428: no such participant (left meanwhile) */
	static const int quiet[] = {426, 428, 0};
	int code = vv_video_janus_error(resp, "kick", room->room_id, quiet);
	if (code != 0 && code != 426 && code != 428)
		return VV_ERR;
	/* the id may be anyone's choice: only its safe characters go to the log */
	char *safe = vv_sprintf(vv_req_arena(r), "%.40s", participant);
	for (char *c = safe; c && *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *c))
			*c = '?';
	vv_info("video_janus: kicked participant %s from room %s", safe ? safe : "?", room->room_id);
	return 0;
}

static int janus_init(void)
{
	if (vv_video_janus_admin_init() != 0) {
		vv_error("video_janus: libcurl initialisation failed");
		return VV_ERR;
	}
	return 0;
}

static void janus_fini(void)
{
	vv_video_janus_admin_fini();
	vv_video_janus_secrets_wipe();
}

static const struct vv_video_ops janus_ops = {
	.size = sizeof(struct vv_video_ops),
	.name = "janus",
	.room_id = janus_room_id,
	.ensure_room = janus_ensure_room,
	.destroy_room = janus_destroy_room,
	.join = janus_join,
	.mute_others = janus_mute_others,
	.unmute = janus_unmute,
	.extend = janus_extend,
	.end = janus_end,
	.recording = janus_recording,
	.participants = janus_participants,
	.kick = janus_kick,
	.mute = janus_mute,
	.recordings = vv_video_janus_recordings,
	.convert = vv_video_janus_convert,
	.join_recordings = vv_video_janus_join_recordings,
	.send_recording = vv_video_janus_send_recording,
	.evict = vv_video_janus_evict,
	.present = vv_video_janus_present,
	.health = vv_video_janus_health,
};

VV_PLUGIN_TICK("video_janus", NULL, janus_init, janus_fini, &janus_ops, vv_video_janus_tick);
