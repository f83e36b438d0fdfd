/* R-CA-6: recordings of an event. Janus writes one .mjr per stream into
 * [video] recordings_dir (videoroom-<room>-user-<id>-<ts>-<kind>-<mid>.mjr);
 * after the event the plugin's tick converts them with janus-pp-rec (video
 * to .webm, audio to .opus) next to the originals; they are listed for the staff of the
 * event's tenant. Files are served through a route that checks access:
 * read by the worker, or - when [video] recordings_accel names an nginx
 * internal location aliasing recordings_dir - handed to nginx with
 * X-Accel-Redirect so large files never pass through a worker. */
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

#define MAX_FILES 256
#define CONVERT_SECONDS 60      /* one janus-pp-rec run at most */
#define SERVE_MAX (64L << 20)   /* larger files need recordings_accel */

extern char **environ;

static const char *rec_dir(void)
{
	const char *d = vv_conf_get("video", "recordings_dir", NULL);
	return d && *d ? d : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

/* True when name is exactly what Janus writes for the room (and what
 * janus-pp-rec is told to write): prefix ("videoroom-<room>-user-"), a
 * participant id of [A-Za-z0-9_-]+, "-<digits>-", audio or video,
 * "-<digits>", then ext. *video tells which. */
static bool valid_name(const char *name, const char *prefix, const char *ext, bool *video)
{
	size_t n = strlen(name), pl = strlen(prefix), el = strlen(ext);
	if (n > 240 || n < pl + el || strncmp(name, prefix, pl) != 0 || strcmp(name + n - el, ext) != 0)
		return false;
	const char *s = name + pl, *p = name + n - el;
	const char *q = p;
	while (q > s && is_digit(q[-1]))
		q--; /* the stream's mid */
	if (q == p || q - s < 7)
		return false;
	q -= 7;
	if (strncmp(q, "-audio-", 7) == 0)
		*video = false;
	else if (strncmp(q, "-video-", 7) == 0)
		*video = true;
	else
		return false;
	p = q;
	while (q > s && is_digit(q[-1]))
		q--; /* the time stamp */
	if (q == p || q - s < 2 || q[-1] != '-')
		return false;
	for (const char *c = s; c < q - 1; c++)
		if (!is_id_char(*c))
			return false;
	return true;
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The room's files in the directory ending with one of the suffixes,
 * sorted; returns how many (at most MAX_FILES). */
static int room_files(vv_arena_t *a, const char *dir, const char *room_id, const char *const *suffixes,
		      const char **out)
{
	if (!room_id || !*room_id || strlen(room_id) > 80)
		return 0;
	for (const char *c = room_id; *c; c++)
		if (!is_id_char(*c))
			return 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room_id);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < MAX_FILES) {
		bool video;
		for (const char *const *s = suffixes; *s; s++) {
			if (!valid_name(e->d_name, prefix, *s, &video))
				continue;
			/* Only regular files count, here already: the page's numbers
			 * and the file route's must name the same files. */
			struct stat st;
			if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
				out[n++] = vv_strdup(a, e->d_name);
			break;
		}
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof(*out), name_cmp);
	return n;
}

/* Runs argv without a shell, output discarded, for at most CONVERT_SECONDS. */
static int run_bounded(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return VV_ERR;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&at);
	sigset_t none, all;
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		vv_warn("call: cannot run %s: %s", argv[0], strerror(rc));
		return VV_ERR;
	}
	struct timespec t0, now, nap = {0, 20 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int st;
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : VV_ERR;
		if (w < 0 && errno != EINTR)
			return VV_ERR;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec >= CONVERT_SECONDS) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			vv_warn("call: %s took longer than %d s, stopped", argv[0], CONVERT_SECONDS);
			return VV_ERR;
		}
		nanosleep(&nap, NULL);
	}
}

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
		bool made = run_bounded(argv) == 0 && stat(tmp, &st) == 0 && st.st_size > 0 &&
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
	const char *dir = rec_dir();
	if (!dir)
		return;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT room_id FROM events WHERE status = 'ended' AND record = 1"
		" AND ends_at > UTC_TIMESTAMP() - INTERVAL 7 DAY ORDER BY ends_at DESC LIMIT 200", "");
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	while (res && files && vv_db_next(res)) {
		const char *room = vv_db_str(res, 0);
		int n = room_files(a, dir, room, mjr, files);
		const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room);
		bool ran = false;
		for (int i = 0; i < n; i++) {
			bool video;
			if (valid_name(files[i], prefix, ".mjr", &video))
				ran |= convert_one(a, dir, files[i], video);
		}
		if (ran)
			return; /* one room a tick: the worker has requests to serve */
	}
}

/* How many of the room's .mjr files wait for conversion, and how many
 * could not be converted (their output is empty). */
static void conversion_state(vv_arena_t *a, const char *dir, const char *room, int *pending, int *failed)
{
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = files ? room_files(a, dir, room, mjr, files) : 0;
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room);
	*pending = *failed = 0;
	for (int i = 0; i < n; i++) {
		bool video;
		struct stat st;
		if (!valid_name(files[i], prefix, ".mjr", &video))
			continue;
		if (lstat(output_of(a, dir, files[i], video), &st) != 0)
			++*pending;
		else if (S_ISREG(st.st_mode) && st.st_size == 0)
			++*failed;
	}
}

/* The event for staff of its tenant (any status but cancelled). */
static int load_staff_event(vv_req_t *r, const char **room, const char **name, bool *ended)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT e.room_id, e.status = 'ended' OR e.ends_at <= UTC_TIMESTAMP(),"
		" (SELECT x.name FROM event_texts x WHERE x.event_id = e.id"
		"  ORDER BY x.language = ? DESC, FIELD(x.language, 'fi', 'sv', 'en') LIMIT 1)"
		" FROM events e WHERE e.uuid = ? AND e.tenant_id = ? AND e.status <> 'cancelled'",
		"ssi", vv_req_lang(r), vv_req_arg(r, "uuid"), vv_req_tenant_id(r));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	*room = vv_db_str(res, 0);
	*ended = vv_db_int(res, 1, 0) != 0;
	*name = vv_db_str(res, 2);
	return 0;
}

static const char *const playable[] = {".webm", ".opus", NULL};

int call_recordings_page(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *room, *name;
	bool ended;
	int rc = load_staff_event(r, &room, &name, &ended);
	if (rc != 0)
		return rc;
	xmlNodePtr p = vv_xml_add(vv_page(r), "recordings");
	vv_xml_attr(p, "event", vv_req_arg(r, "uuid"));
	vv_xml_attr(p, "name", name);
	vv_xml_attr(p, "ended", ended ? "1" : "0");
	const char *dir = rec_dir();
	if (dir && ended) { /* converted by the tick (call_recordings_tick), not here */
		int pending, failed;
		conversion_state(a, dir, room, &pending, &failed);
		vv_xml_attr_int(p, "pending", pending);
		vv_xml_attr_int(p, "failed", failed);
	}
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = dir && files ? room_files(a, dir, room, playable, files) : 0;
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (lstat(vv_sprintf(a, "%s/%s", dir, files[i]), &st) != 0 || !S_ISREG(st.st_mode) ||
		    st.st_size == 0)
			continue;
		xmlNodePtr f = vv_xml_add(p, "file");
		vv_xml_attr(f, "name", files[i]);
		vv_xml_attr_int(f, "bytes", (int64_t)st.st_size);
		vv_xml_attr(f, "kind", ends_with(files[i], ".webm") ? "video" : "audio");
		vv_xml_attr(f, "href", vv_sprintf(a, "/%s/ecare/events/%s/recordings/%d", vv_req_lang(r),
						  vv_req_arg(r, "uuid"), i + 1));
		vv_xml_attr(f, "modified", vv_sprintf(a, "%lld", (long long)st.st_mtime));
	}
	return 200;
}

/* name with every character but [A-Za-z0-9._-] dropped: safe inside a
 * quoted header parameter. */
static const char *header_safe(vv_arena_t *a, const char *name)
{
	char *out = vv_strdup(a, name);
	size_t k = 0;
	for (const char *c = name; out && *c; c++)
		if (is_id_char(*c) || *c == '.')
			out[k++] = *c;
	if (out)
		out[k] = '\0';
	return out && *out ? out : "recording";
}

int call_recording_file(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *room, *name;
	bool ended;
	int rc = load_staff_event(r, &room, &name, &ended);
	if (rc != 0)
		return rc;
	long idx = strtol(vv_req_arg(r, "n"), NULL, 10);
	const char *dir = rec_dir();
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = dir && files ? room_files(a, dir, room, playable, files) : 0;
	if (idx < 1 || idx > n)
		return VV_NOTFOUND;
	const char *file = files[idx - 1];
	/* No symbolic link, FIFO or device is followed or served: a regular
	 * file, opened without blocking. */
	int fd = open(vv_sprintf(a, "%s/%s", dir, file), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return VV_NOTFOUND;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return VV_NOTFOUND;
	}
	const char *type = ends_with(file, ".webm") ? "video/webm" : "audio/ogg";
	vv_resp_header(r, "Content-Disposition",
		       vv_sprintf(a, "inline; filename=\"%s\"", header_safe(a, file)));
	const char *accel = vv_conf_get("video", "recordings_accel", NULL);
	if (accel && *accel) {
		close(fd);
		vv_resp_header(r, "X-Accel-Redirect", vv_sprintf(a, "%s%s", accel, file));
		vv_resp_header(r, "Content-Type", type);
		return 200;
	}
	if (st.st_size > SERVE_MAX) {
		close(fd);
		vv_warn("call: recording %s is over %ld bytes; set [video] recordings_accel", file, SERVE_MAX);
		return VV_UNAVAILABLE;
	}
	size_t want = (size_t)st.st_size, got = 0;
	char *buf = vv_alloc(a, want + 1);
	while (buf && got < want) {
		ssize_t k = read(fd, buf + got, want - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (!buf || got != want)
		return VV_ERR;
	return vv_resp_body(r, type, buf, got);
}
