/* convert(): each .mjr Janus wrote for the room is converted with
 * janus-pp-rec ([video] pp_rec) into .webm (video) or .opus (audio) beside
 * it, one per call. janus-pp-rec writes a hidden temporary name, renamed
 * when complete, so a half-written file is never listed; a run that failed
 * leaves an empty file, counted as failed and not tried again. The caller
 * (the call plugin's ticker) decides which rooms and when. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "video_janus.h"

/* A temporary file older than this was left by a ticker that was killed
 * in the middle of a tool run (twice the longest run). */
#define STALE_PART_SECONDS 1800

/* Converts one .mjr unless that is done or failed before: 1 when it is
 * done or failed for good, VV_UNAVAILABLE when the tool could not run or
 * was stopped. */
static int convert_one(vv_arena_t *a, const char *dir, const char *name, bool video, const char *tool)
{
	const char *out = vv_sprintf(a, "%s/%.*s%s", dir, (int)(strlen(name) - 4), name,
				     video ? ".webm" : ".opus");
	char *tmp = vv_sprintf(a, "%s/.part-%ld-%s", dir, (long)getpid(), strrchr(out, '/') + 1);
	char *argv[] = {(char *)tool, vv_sprintf(a, "%s/%s", dir, name), tmp, NULL};
	struct stat st;
	enum vv_video_janus_run rc = vv_video_janus_run(argv);
	if (rc == VJ_RUN_OK && stat(tmp, &st) == 0 && st.st_size > 0 && rename(tmp, out) == 0)
		return 1;
	unlink(tmp);
	if (rc == VJ_RUN_AGAIN)
		return VV_UNAVAILABLE;
	vv_warn("video_janus: converting %s failed; left as an empty %s", name, video ? ".webm" : ".opus");
	int e = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (e >= 0)
		close(e);
	return 1;
}

/* Removes what tool runs of a killed ticker left behind (at most once a
 * minute per worker: convert() runs for every room that waits). */
static void sweep_parts(const char *dir)
{
	static time_t last;
	time_t now = time(NULL);
	if (now - last < 60)
		return;
	last = now;
	DIR *d = opendir(dir);
	if (!d)
		return;
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

int vv_video_janus_convert(vv_req_t *r, const struct vv_video_room *room)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = vv_video_janus_rec_dir();
	const char *tool = vv_conf_get("video", "pp_rec", "/usr/bin/janus-pp-rec");
	if (!dir)
		return VV_UNAVAILABLE; /* nowhere to look: nothing may be concluded */
	if (access(tool, X_OK) != 0) {
		static bool said;
		if (!said)
			vv_warn("video_janus: %s cannot be run (janus-tools): recordings wait unconverted", tool);
		said = true;
		return VV_UNAVAILABLE;
	}
	if (vv_stopping())
		return VV_UNAVAILABLE;
	sweep_parts(dir);
	const char *prefix = room ? vv_video_janus_rec_prefix(a, room->room_id) : NULL;
	if (!prefix)
		return 0;
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * VJ_MAX_FILES);
	int n = files ? vv_video_janus_room_files(a, dir, room->room_id, mjr, files) : VV_ERR;
	if (n < 0)
		return VV_UNAVAILABLE; /* unreadable now: nothing may be concluded */
	for (int i = 0; i < n; i++) {
		bool video;
		struct stat st;
		if (!vv_video_janus_rec_name(files[i], prefix, ".mjr", &video))
			continue;
		const char *out = vv_sprintf(a, "%s/%.*s%s", dir, (int)(strlen(files[i]) - 4), files[i],
					     video ? ".webm" : ".opus");
		if (lstat(out, &st) == 0)
			continue; /* converted, failed, or not ours to overwrite */
		return convert_one(a, dir, files[i], video, tool);
	}
	return 0;
}
