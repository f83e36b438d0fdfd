/* The ticker's work on recordings: each .mjr of a recorded event that has
 * ended is converted with janus-pp-rec (video to .webm, audio to .opus)
 * next to the original, then one file to watch is made of them for the
 * customers' calendars (session.c). An event is claimed in the database
 * while a ticker works on it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "call.h"

/* The converted file's name for one .mjr: same stem, .webm or .opus. */
static char *output_of(vv_arena_t *a, const char *dir, const char *mjr_name, bool video)
{
	return vv_sprintf(a, "%s/%.*s%s", dir, (int)(strlen(mjr_name) - 4), mjr_name,
			  video ? ".webm" : ".opus");
}

/* A temporary file older than this was left by a ticker that was killed
 * in the middle of a tool run (twice the longest run). */
#define STALE_PART_SECONDS 1800
#define CLAIM "INTERVAL 20 MINUTE" /* longer than one tool run */

/* Converts one .mjr unless that is done or failed before. janus-pp-rec
 * writes a hidden temporary name, renamed when complete, so a half-written
 * file is never listed; a run that failed leaves an empty file, listed as
 * failed and not tried again. False when the tool could not run or was
 * stopped: the event is tried again later. */
static bool convert_one(vv_arena_t *a, const char *dir, const char *name, bool video, const char *tool)
{
	const char *out = output_of(a, dir, name, video);
	struct stat st;
	if (lstat(out, &st) == 0)
		return true; /* converted, failed, or not ours to overwrite */
	char *tmp = vv_sprintf(a, "%s/.part-%ld-%s", dir, (long)getpid(), strrchr(out, '/') + 1);
	char *argv[] = {(char *)tool, vv_sprintf(a, "%s/%s", dir, name), tmp, NULL};
	enum call_run rc = call_run_bounded(argv);
	if (rc == CALL_RUN_OK && stat(tmp, &st) == 0 && st.st_size > 0 && rename(tmp, out) == 0)
		return true;
	unlink(tmp);
	if (rc == CALL_RUN_AGAIN)
		return false;
	vv_warn("call: converting %s failed; left as an empty %s", name, video ? ".webm" : ".opus");
	int e = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (e >= 0)
		close(e);
	return true;
}

/* Takes the event's recordings for this ticker (or renews the claim):
 * true when it is ours. */
static bool claim(vv_arena_t *a, int64_t id, bool renew)
{
	int64_t n = vv_db_exec(a, renew
		? "UPDATE events SET convert_until = UTC_TIMESTAMP() + " CLAIM " WHERE id = ?"
		: "UPDATE events SET convert_until = UTC_TIMESTAMP() + " CLAIM " WHERE id = ?"
		  " AND session_video IS NULL AND (convert_until IS NULL OR convert_until < UTC_TIMESTAMP())",
		"i", id);
	return n == 1 || (renew && n == 0); /* a renewal within the same second changes nothing */
}

/* One claimed event: each stream converted, then the file to watch. */
static void event_work(vv_req_t *r, vv_db_res_t *ev, const char *dir, const char *tool)
{
	vv_arena_t *a = vv_req_arena(r);
	int64_t id = vv_db_int(ev, 0, 0);
	const char *room = vv_db_str(ev, 1);
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = files ? call_room_files(a, dir, room, mjr, files) : VV_ERR;
	if (n < 0)
		return; /* unreadable now: nothing may be concluded */
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room);
	for (int i = 0; i < n; i++) {
		bool video;
		if (!call_valid_name(files[i], prefix, ".mjr", &video))
			continue;
		if (vv_stopping() || !claim(a, id, true) || !convert_one(a, dir, files[i], video, tool))
			return;
	}
	if (!vv_stopping())
		call_session_video(r, id, room, vv_db_int(ev, 2, 0), vv_db_int(ev, 3, 0));
}

/* Removes what tool runs of a killed ticker left behind. */
static void sweep_parts(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		if (strncmp(e->d_name, ".part-", 6) == 0 &&
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    now - st.st_mtime > STALE_PART_SECONDS)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

void call_recordings_tick(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = call_rec_dir();
	const char *tool = vv_conf_get("video", "pp_rec", "/usr/bin/janus-pp-rec");
	if (!dir)
		return;
	if (access(tool, X_OK) != 0) {
		static bool said;
		if (!said)
			vv_warn("call: %s cannot be run (janus-tools): recordings wait unconverted", tool);
		said = true;
		return;
	}
	sweep_parts(dir);
	/* Recorded events that ended in the last week and have no file to watch
	 * yet (session_video stays NULL until every stream is converted). */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, room_id, tenant_id, creator_id FROM events"
		" WHERE status = 'ended' AND record = 1 AND session_video IS NULL"
		" AND ends_at > UTC_TIMESTAMP() - INTERVAL 7 DAY ORDER BY ends_at LIMIT 50", "");
	while (res && vv_db_next(res) && !vv_stopping()) {
		int64_t id = vv_db_int(res, 0, 0);
		if (!claim(a, id, false))
			continue; /* another host's ticker has it */
		event_work(r, res, dir, tool);
		vv_db_exec(a, "UPDATE events SET convert_until = NULL WHERE id = ?", "i", id);
	}
}

void call_conversion_state(vv_arena_t *a, const char *dir, const char *room, int *pending, int *failed)
{
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	*pending = *failed = 0;
	int n = files ? call_room_files(a, dir, room, mjr, files) : 0;
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room);
	for (int i = 0; i < n; i++) {
		bool video;
		struct stat st;
		if (!call_valid_name(files[i], prefix, ".mjr", &video))
			continue;
		if (lstat(output_of(a, dir, files[i], video), &st) != 0)
			++*pending;
		else if (S_ISREG(st.st_mode) && st.st_size == 0)
			++*failed;
	}
}

