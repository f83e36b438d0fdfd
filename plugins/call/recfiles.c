/* The recordings directory as Janus fills it ([video] recordings_dir):
 * which files belong to a room (named exactly as Janus names them, regular
 * files only), and running the tools that turn them into playable files
 * (no shell, output discarded, bounded time). */
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

#define RUN_SECONDS 900 /* one tool run at most (in the ticker: it delays no request) */

extern char **environ;

const char *call_rec_dir(void)
{
	const char *d = vv_conf_get("video", "recordings_dir", NULL);
	return d && *d ? d : NULL;
}

bool call_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool call_is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

/* True when name is exactly what Janus writes for the room (and what
 * janus-pp-rec is told to write): prefix ("videoroom-<room>-user-"), a
 * participant id of [A-Za-z0-9_-]+, "-<digits>-", audio or video,
 * "-<digits>", then ext. *video tells which. */
bool call_valid_name(const char *name, const char *prefix, const char *ext, bool *video)
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
		if (!call_is_id_char(*c))
			return false;
	return true;
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int call_room_files(vv_arena_t *a, const char *dir, const char *room_id, const char *const *suffixes,
		      const char **out)
{
	if (!room_id || !*room_id || strlen(room_id) > 80)
		return 0;
	for (const char *c = room_id; *c; c++)
		if (!call_is_id_char(*c))
			return 0;
	DIR *d = opendir(dir);
	if (!d) {
		vv_warn("call: cannot read %s: %s", dir, strerror(errno));
		return VV_UNAVAILABLE; /* not "no files": nothing may be concluded from it */
	}
	const char *prefix = vv_sprintf(a, "videoroom-%s-user-", room_id);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < MAX_FILES) {
		bool video;
		for (const char *const *s = suffixes; *s; s++) {
			if (!call_valid_name(e->d_name, prefix, *s, &video))
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

enum call_run call_run_bounded(char *const argv[])
{
	const char *tool = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return CALL_RUN_AGAIN;
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
		return CALL_RUN_AGAIN;
	}
	struct timespec t0, now, nap = {0, 20 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int st;
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid) {
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
				return CALL_RUN_OK;
			if (WIFEXITED(st))
				vv_warn("call: %s exited with %d", tool, WEXITSTATUS(st));
			else
				vv_warn("call: %s killed by signal %d", tool, WTERMSIG(st));
			return CALL_RUN_FAILED;
		}
		if (w < 0 && errno != EINTR)
			return CALL_RUN_AGAIN;
		clock_gettime(CLOCK_MONOTONIC, &now);
		bool late = now.tv_sec - t0.tv_sec >= RUN_SECONDS;
		if (late || vv_stopping()) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			if (!late)
				return CALL_RUN_AGAIN; /* a reload or a stop: the next ticker does it */
			vv_warn("call: %s took longer than %d s, stopped", tool, RUN_SECONDS);
			return CALL_RUN_FAILED;
		}
		nanosleep(&nap, NULL);
	}
}
