/* The tick's work on recordings: each .mjr of a recorded event that has
 * ended is converted with janus-pp-rec (video to .webm, audio to .opus)
 * next to the original, then one file to watch is made of them for the
 * customers' calendars (session.c). */
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

/* Converts one .mjr unless that is done, failed before, or under way in
 * another worker (it holds the lock on the .mjr). janus-pp-rec writes a
 * hidden temporary name, renamed when complete, so a half-written file is
 * never listed; a failure leaves an empty file, listed as failed and not
 * tried again every tick. True when it ran janus-pp-rec. */
static bool convert_one(vv_arena_t *a, const char *dir, const char *name, bool video)
{
	const char *out = output_of(a, dir, name, video);
	struct stat st;
	if (lstat(out, &st) == 0)
		return false; /* converted, failed, or not ours to overwrite */
	int fd = open(vv_sprintf(a, "%s/%s", dir, name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return false;
	}
	bool ran = false;
	if (lstat(out, &st) != 0) { /* again, now that we hold the lock */
		char *tmp = vv_sprintf(a, "%s/.part-%ld-%s", dir, (long)getpid(), strrchr(out, '/') + 1);
		const char *tool = vv_conf_get("video", "pp_rec", "/usr/bin/janus-pp-rec");
		char *argv[] = {(char *)tool, vv_sprintf(a, "%s/%s", dir, name), tmp, NULL};
		ran = true;
		bool made = call_run_bounded(argv) == 0 && stat(tmp, &st) == 0 && st.st_size > 0 &&
			    rename(tmp, out) == 0;
		if (!made) {
			unlink(tmp);
			vv_warn("call: converting %s failed; left as an empty %s", name, video ? ".webm" : ".opus");
			int e = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
			if (e >= 0)
				close(e);
		}
	}
	flock(fd, LOCK_UN);
	close(fd);
	return ran;
}

void call_recordings_tick(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = call_rec_dir();
	if (!dir)
		return;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, room_id, creator_id, session_video IS NULL FROM events"
		" WHERE status = 'ended' AND record = 1 AND ends_at > UTC_TIMESTAMP() - INTERVAL 7 DAY"
		" ORDER BY ends_at DESC LIMIT 200", "");
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	while (res && files && vv_db_next(res)) {
		const char *room = vv_db_str(res, 1);
		int n = call_room_files(a, dir, room, mjr, files);
		const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room);
		bool ran = false;
		for (int i = 0; i < n; i++) {
			bool video;
			if (call_valid_name(files[i], prefix, ".mjr", &video))
				ran |= convert_one(a, dir, files[i], video);
		}
		/* The file to watch once every stream is converted (or failed). */
		int pending, failed;
		if (!ran && vv_db_int(res, 3, 0)) {
			call_conversion_state(a, dir, room, &pending, &failed);
			if (pending == 0)
				ran = call_session_video(r, vv_db_int(res, 0, 0), room, vv_db_int(res, 2, 0));
		}
		if (ran)
			return; /* one room a tick: the worker has requests to serve */
	}
}

void call_conversion_state(vv_arena_t *a, const char *dir, const char *room, int *pending, int *failed)
{
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = files ? call_room_files(a, dir, room, mjr, files) : 0;
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room);
	*pending = *failed = 0;
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

