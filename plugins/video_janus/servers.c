/* Several Janus servers: where each room is, and what happens when a
 * server stops answering.
 *
 * [video] servers lists them as name=admin_url (names [a-z0-9], up to 16;
 * nginx routes a ticket's server to its upstream vv_janus_<name>, see
 * nginx/janus-gate.js); without it the one admin_url is server "a".
 * [video] server_weights = name=N ... (default 1) shares new rooms out by
 * rooms placed per weight; weight 0 is a standby, used only while no
 * server with a weight answers.
 *
 * A room is placed when first needed and the placement is a row of
 * janus_rooms, so every vvhomed host (and, through the tickets, the gate)
 * agrees where it is. A server found not answering - by the ticker's ping,
 * or by a page joining whose room's server refuses - is marked down in
 * janus_servers for every host, and its rooms are placed again on a live
 * one: the call pages, whose sessions died with it, ask …/join again and
 * get tickets for the new server. A server that answers again is marked up
 * and takes new rooms; rooms already moved stay where they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "video_janus.h"

#define MAX_SERVERS 16

static bool good_name(const char *s, size_t n)
{
	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789", s[i]))
			return false;
	return true;
}

/* The weight [video] server_weights gives name, 1 when it names none. */
static int64_t weight_of(vv_arena_t *a, const char *name)
{
	const char *list = vv_conf_get("video", "server_weights", NULL);
	char *copy = list ? vv_strdup(a, list) : NULL, *save = NULL;
	for (char *w = copy ? strtok_r(copy, " \t,", &save) : NULL; w; w = strtok_r(NULL, " \t,", &save)) {
		char *eq = strchr(w, '=');
		if (eq && (size_t)(eq - w) == strlen(name) && strncmp(w, name, strlen(name)) == 0) {
			long long n = strtoll(eq + 1, NULL, 10);
			return n < 0 ? 0 : n;
		}
	}
	return 1;
}

const struct vv_video_janus_server *vv_video_janus_servers(vv_arena_t *a, size_t *n)
{
	struct vv_video_janus_server *out = vv_alloc(a, MAX_SERVERS * sizeof(*out));
	*n = 0;
	if (!out)
		return NULL;
	const char *list = vv_conf_get("video", "servers", NULL);
	char *copy = list ? vv_strdup(a, list) : NULL, *save = NULL;
	for (char *s = copy ? strtok_r(copy, " \t,", &save) : NULL; s && *n < MAX_SERVERS;
	     s = strtok_r(NULL, " \t,", &save)) {
		char *eq = strchr(s, '=');
		if (!eq || !good_name(s, (size_t)(eq - s)) || !eq[1]) {
			vv_warn("video_janus: [video] servers: \"%.40s\" is not name=admin_url", s);
			continue;
		}
		*eq = '\0';
		out[*n] = (struct vv_video_janus_server){s, eq + 1, weight_of(a, s)};
		(*n)++;
	}
	if (*n == 0)
		out[(*n)++] = (struct vv_video_janus_server){
			"a", vv_conf_get("video", "admin_url", "http://127.0.0.1:7088/admin"), 1};
	return out;
}

static const struct vv_video_janus_server *find(const struct vv_video_janus_server *all, size_t n,
						const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(all[i].name, name) == 0)
			return &all[i];
	return NULL;
}

/* The least loaded live server for a room (rooms placed per weight;
 * standbys only when no weighted server is live), never avoid. When none
 * is live: NULL for a room being moved (no point moving it between dead
 * servers), else the least loaded of all (the marks may be older than a
 * server's return; if not, the room's calls fail as they would anyway). */
static const struct vv_video_janus_server *choose(vv_arena_t *a, const struct vv_video_janus_server *all,
						  size_t n, const char *avoid)
{
	int64_t load[MAX_SERVERS] = {0};
	bool down[MAX_SERVERS] = {false};
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT name FROM janus_servers WHERE down_since IS NOT NULL", VV_DB_NONE);
	while (res && vv_db_next(res)) {
		const struct vv_video_janus_server *s = find(all, n, vv_db_str(res, 0));
		if (s)
			down[s - all] = true;
	}
	/* rooms of the last day: older rows are of events long over */
	res = vv_db_query(a, &err,
		"SELECT server, COUNT(*) FROM janus_rooms WHERE placed_at > UTC_TIMESTAMP() - INTERVAL 1 DAY"
		" GROUP BY server", VV_DB_NONE);
	while (res && vv_db_next(res)) {
		const struct vv_video_janus_server *s = find(all, n, vv_db_str(res, 0));
		if (s)
			load[s - all] = vv_db_int(res, 1, 0);
	}
	const struct vv_video_janus_server *best = NULL;
	for (int pass = 0; pass < (avoid ? 2 : 4) && !best; pass++) {
		int standby = pass % 2;
		for (size_t i = 0; i < n; i++) {
			if ((down[i] && pass < 2) || (avoid && strcmp(all[i].name, avoid) == 0))
				continue;
			if ((all[i].weight > 0) == (standby != 0))
				continue;
			int64_t wi = all[i].weight > 0 ? all[i].weight : 1;
			int64_t wb = best && best->weight > 0 ? best->weight : 1;
			if (!best || load[i] * wb < load[best - all] * wi)
				best = &all[i];
		}
	}
	return best;
}

/* Makes sure every configured server has its row (marking up updates it). */
static void known(vv_arena_t *a, const struct vv_video_janus_server *all, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vv_db_exec(a, "INSERT IGNORE INTO janus_servers (name) VALUES (?)",
			   VV_DB_ARGS(VV_DB_S(all[i].name)));
}

/* Places room_id on a chosen server unless another worker or host did
 * meanwhile: a new row, or a move off from (the server it was on). The
 * row decides; its server is returned. */
static const struct vv_video_janus_server *place(vv_arena_t *a, const struct vv_video_janus_server *all,
						 size_t n, const char *room_id, const char *from)
{
	const struct vv_video_janus_server *to = choose(a, all, n, from);
	if (to) {
		int64_t rc = vv_db_exec(a,
			"INSERT INTO janus_rooms (room_id, server) VALUES (?, ?)"
			" ON DUPLICATE KEY UPDATE placed_at = IF(server = ?, UTC_TIMESTAMP(), placed_at),"
			" server = IF(server = ?, VALUES(server), server)",
			VV_DB_ARGS(VV_DB_S(room_id), VV_DB_S(to->name), VV_DB_S(from ? from : ""),
				   VV_DB_S(from ? from : "")));
		if (rc < 0)
			return NULL;
		if (from)
			vv_info("video_janus: room %s moved from server %s to %s", room_id, from, to->name);
	}
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, "SELECT server FROM janus_rooms WHERE room_id = ?",
				       VV_DB_ARGS(VV_DB_S(room_id)));
	const struct vv_video_janus_server *s = res && vv_db_next(res) ? find(all, n, vv_db_str(res, 0)) : NULL;
	/* every server down: the room stays where it was (nothing would answer elsewhere) */
	return s ? s : to ? to : find(all, n, from);
}

const struct vv_video_janus_server *vv_video_janus_room_server(vv_arena_t *a, const char *room_id, bool new_room)
{
	size_t n;
	const struct vv_video_janus_server *all = vv_video_janus_servers(a, &n);
	if (!all || !room_id)
		return NULL;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT r.server, COALESCE(s.down_since IS NOT NULL, 0) FROM janus_rooms r"
		" LEFT JOIN janus_servers s ON s.name = r.server WHERE r.room_id = ?",
		VV_DB_ARGS(VV_DB_S(room_id)));
	if (!res)
		return NULL;
	if (vv_db_next(res)) {
		const char *name = vv_db_str(res, 0);
		const struct vv_video_janus_server *s = find(all, n, name);
		if (s && vv_db_int(res, 1, 0) == 0)
			return s;
		/* its server is down, or no longer configured */
		return place(a, all, n, room_id, name ? name : "");
	}
	/* Not placed yet: only a room being made is (the sweep asks about
	 * every running event's room, joined or not); the others ask a live
	 * server, which answers that it has no such room. */
	if (new_room)
		return place(a, all, n, room_id, NULL);
	const struct vv_video_janus_server *live = choose(a, all, n, NULL);
	return live ? live : &all[0];
}

/* Records whether a server answers, writing only a change (every host's
 * ticker asks every tick). */
static void mark(vv_arena_t *a, const char *name, bool up)
{
	int64_t rc = vv_db_exec(a,
		up ? "UPDATE janus_servers SET down_since = NULL, checked_at = UTC_TIMESTAMP()"
		     " WHERE name = ? AND down_since IS NOT NULL"
		   : "INSERT INTO janus_servers (name, down_since, checked_at)"
		     " VALUES (?, UTC_TIMESTAMP(), UTC_TIMESTAMP())"
		     " ON DUPLICATE KEY UPDATE checked_at = IF(down_since IS NULL, UTC_TIMESTAMP(), checked_at),"
		     " down_since = COALESCE(down_since, UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_S(name)));
	if (rc > 0)
		vv_warn("video_janus: Janus server %s %s", name, up ? "answers again" : "does not answer: marked down");
}

int vv_video_janus_server_failed(vv_arena_t *a, const char *room_id)
{
	size_t n;
	const struct vv_video_janus_server *all = vv_video_janus_servers(a, &n);
	const struct vv_video_janus_server *s = vv_video_janus_room_server(a, room_id, true);
	if (!all || !s || n < 2)
		return VV_UNAVAILABLE;
	/* a slow answer is not a dead server: ask it once more before moving */
	if (vv_video_janus_ping(a, s->admin_url))
		return VV_UNAVAILABLE;
	mark(a, s->name, false);
	const struct vv_video_janus_server *now = place(a, all, n, room_id, s->name);
	return now && now != s ? 0 : VV_UNAVAILABLE;
}

void vv_video_janus_room_forget(vv_arena_t *a, const char *room_id)
{
	vv_db_exec(a, "DELETE FROM janus_rooms WHERE room_id = ?", VV_DB_ARGS(VV_DB_S(room_id)));
}

void vv_video_janus_tick(vv_req_t *r)
{
	const char *adapter = vv_conf_get("video", "adapter", NULL);
	if (!adapter || strcmp(adapter, "janus") != 0)
		return;
	vv_arena_t *a = vv_req_arena(r);
	size_t n;
	const struct vv_video_janus_server *all = vv_video_janus_servers(a, &n);
	if (!all || n < 2)
		return; /* one server: nowhere to move to */
	known(a, all, n);
	for (size_t i = 0; i < n && !vv_stopping(); i++) {
		bool up = vv_video_janus_ping(a, all[i].admin_url);
		mark(a, all[i].name, up);
		if (up)
			continue;
		/* its rooms elsewhere now; the call pages rejoin there */
		int err = 0;
		vv_db_res_t *res = vv_db_query(a, &err,
			"SELECT room_id FROM janus_rooms WHERE server = ? LIMIT 200",
			VV_DB_ARGS(VV_DB_S(all[i].name)));
		while (res && vv_db_next(res) && !vv_stopping()) {
			const char *room = vv_db_str(res, 0);
			if (room)
				place(a, all, n, room, all[i].name);
		}
	}
}
