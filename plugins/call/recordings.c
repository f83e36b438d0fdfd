/* R-CA-6: recordings of an event. Janus writes one .mjr per stream into
 * [video] recordings_dir (videoroom-<room>-user-<id>-<ts>-<kind>-<mid>.mjr);
 * after the event they are converted with janus-pp-rec (video to .webm,
 * audio to .opus) next to the originals, and listed for the staff of the
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

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The room's files in the directory ending with one of the suffixes,
 * sorted; returns how many (at most MAX_FILES). */
static int room_files(vv_arena_t *a, const char *dir, const char *room_id, const char *const *suffixes,
		      const char **out)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room_id);
	size_t plen = strlen(prefix);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < MAX_FILES) {
		if (strncmp(e->d_name, prefix, plen) != 0 || strchr(e->d_name, '/'))
			continue;
		for (const char *const *s = suffixes; *s; s++)
			if (ends_with(e->d_name, *s)) {
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

int call_recordings_convert(vv_req_t *r, const char *room_id)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *dir = rec_dir();
	if (!dir || !room_id)
		return 0;
	static const char *const mjr[] = {".mjr", NULL};
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	if (!files)
		return VV_ERR;
	int n = room_files(a, dir, room_id, mjr, files), made = 0;
	const char *tool = vv_conf_get("video", "pp_rec", "/usr/bin/janus-pp-rec");
	for (int i = 0; i < n; i++) {
		const char *kind = strstr(files[i], "-video-") ? ".webm" : strstr(files[i], "-audio-") ? ".opus" : NULL;
		if (!kind)
			continue;
		char *in = vv_sprintf(a, "%s/%s", dir, files[i]);
		char *out = vv_sprintf(a, "%s/%.*s%s", dir, (int)(strlen(files[i]) - 4), files[i], kind);
		struct stat st;
		if (stat(out, &st) == 0 && st.st_size > 0)
			continue;
		char *argv[] = {(char *)tool, in, out, NULL};
		if (run_bounded(argv) == 0 && stat(out, &st) == 0 && st.st_size > 0)
			made++;
		else
			unlink(out); /* nothing half-written is listed */
	}
	return made;
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
	if (ended)
		call_recordings_convert(r, room); /* files left by an event that ran out */
	xmlNodePtr p = vv_xml_add(vv_page(r), "recordings");
	vv_xml_attr(p, "event", vv_req_arg(r, "uuid"));
	vv_xml_attr(p, "name", name);
	vv_xml_attr(p, "ended", ended ? "1" : "0");
	const char *dir = rec_dir();
	const char **files = vv_alloc(a, sizeof(*files) * MAX_FILES);
	int n = dir && files ? room_files(a, dir, room, playable, files) : 0;
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (stat(vv_sprintf(a, "%s/%s", dir, files[i]), &st) != 0 || st.st_size == 0)
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
	const char *type = ends_with(file, ".webm") ? "video/webm" : "audio/ogg";
	vv_resp_header(r, "Content-Disposition", vv_sprintf(a, "inline; filename=\"%s\"", file));
	const char *accel = vv_conf_get("video", "recordings_accel", NULL);
	if (accel && *accel) {
		vv_resp_header(r, "X-Accel-Redirect", vv_sprintf(a, "%s%s", accel, file));
		vv_resp_header(r, "Content-Type", type);
		return 200;
	}
	FILE *f = fopen(vv_sprintf(a, "%s/%s", dir, file), "rb");
	if (!f)
		return VV_NOTFOUND;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size > SERVE_MAX) {
		fclose(f);
		vv_warn("call: recording %s is over %ld bytes; set [video] recordings_accel", file, SERVE_MAX);
		return VV_UNAVAILABLE;
	}
	char *buf = vv_alloc(a, (size_t)st.st_size + 1);
	size_t got = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!buf || got != (size_t)st.st_size)
		return VV_ERR;
	return vv_resp_body(r, type, buf, got);
}
