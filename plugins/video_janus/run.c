/* Running the tools that turn Janus's recordings into playable files
 * (janus-pp-rec, ffmpeg): no shell, output discarded, bounded time, and
 * given up when the server stops (the next ticker does it). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include "video_janus.h"

#define RUN_SECONDS 900 /* one tool run at most (in the ticker: it delays no request) */

extern char **environ;

enum vv_video_janus_run vv_video_janus_run(char *const argv[])
{
	const char *tool = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return VJ_RUN_AGAIN;
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
		vv_warn("video_janus: cannot run %s: %s", argv[0], strerror(rc));
		return VJ_RUN_AGAIN;
	}
	struct timespec t0, now, nap = {0, 20 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int st;
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid) {
			if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
				return VJ_RUN_OK;
			if (WIFEXITED(st))
				vv_warn("video_janus: %s exited with %d", tool, WEXITSTATUS(st));
			else
				vv_warn("video_janus: %s killed by signal %d", tool, WTERMSIG(st));
			return VJ_RUN_FAILED;
		}
		if (w < 0 && errno != EINTR)
			return VJ_RUN_AGAIN;
		clock_gettime(CLOCK_MONOTONIC, &now);
		bool late = now.tv_sec - t0.tv_sec >= RUN_SECONDS;
		if (late || vv_stopping()) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			if (!late)
				return VJ_RUN_AGAIN; /* a reload or a stop: the next ticker does it */
			vv_warn("video_janus: %s took longer than %d s, stopped", tool, RUN_SECONDS);
			return VJ_RUN_FAILED;
		}
		nanosleep(&nap, NULL);
	}
}
