/* vvhomed, the master: opens the FastCGI socket, forks single-threaded
 * workers and keeps them alive.
 *
 *   SIGCHLD  a worker that died is replaced (with back-off if it keeps dying)
 *   SIGTERM  workers finish their requests in flight, then everyone exits
 *   SIGINT   the same (Ctrl-C under `make run`)
 *   SIGHUP   the configuration is read again and a new generation of
 *            workers (which load plugins afresh) replaces the old one
 *
 * Under systemd (Type=notify) it says READY=1 once a worker serves,
 * RELOADING=1 / READY=1 around a reload, STOPPING=1 and WATCHDOG=1
 * (notify.c).
 *
 * Beside the request workers runs one ticker (tick.c) when [server]
 * tick_seconds is on: the plugins' work between requests, restarted and
 * replaced the same way.
 *
 * The master itself loads no plugin: a plugin that crashes at load takes
 * down a worker, never the process that restarts workers. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcgiapp.h>
#include "core.h"

#define MAX_WORKERS 256

struct slot {
	pid_t pid;
	struct timespec started;
	long backoff_ms;          /* next restart delay when it dies young */
	struct timespec restart_at; /* pending restart, 0 when none */
};

static struct slot slots[MAX_WORKERS + 1]; /* the workers, then the ticker */
/* Every live child, old generations included, for the final SIGKILL. */
static pid_t children[4 * MAX_WORKERS];

static void child_set(pid_t old, pid_t new)
{
	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		if (children[i] == old) {
			children[i] = new;
			return;
		}
}
static int nslots;
static int ticker_slot = -1; /* the slot of the ticker (tick.c), -1 when ticks are off */
static int listen_fd = -1;
static const char *conf_path = "conf/vvhome.conf";

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double ts_s(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

static void set_ts(struct timespec *t, double s)
{
	t->tv_sec = (time_t)s;
	t->tv_nsec = (long)((s - (double)t->tv_sec) * 1e9);
}

static pid_t spawn(int i)
{
#ifdef __linux__
	pid_t master = getpid();
#endif
	pid_t pid = fork();
	if (pid < 0) {
		/* Out of processes or memory: try again later, ever more slowly
		 * up to 10 s, instead of at once in a loop (or never). */
		slots[i].backoff_ms = slots[i].backoff_ms ? slots[i].backoff_ms * 2 : 100;
		if (slots[i].backoff_ms > 10000)
			slots[i].backoff_ms = 10000;
		vv_error("master: fork failed: %s; trying again in %ld ms", strerror(errno),
			 (long)slots[i].backoff_ms);
		set_ts(&slots[i].restart_at, now_s() + (double)slots[i].backoff_ms / 1000.0);
		return -1;
	}
	if (pid == 0) {
#ifdef __linux__
		/* A master that is killed outright (SIGKILL, OOM) cannot stop its
		 * children: they go with it instead of serving on unsupervised. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != master)
			_exit(1);
#endif
		vv_log_forked();
		if (i == ticker_slot) {
#ifdef __linux__
			prctl(PR_SET_NAME, "vvhomed-ticker"); /* for ps, and tests that find it */
#endif
			close(listen_fd); /* it serves no request */
			_exit(vv_ticker_run());
		}
		_exit(vv_worker_run(listen_fd, i));
	}
	slots[i].pid = pid;
	child_set(0, pid);
	clock_gettime(CLOCK_MONOTONIC, &slots[i].started);
	slots[i].restart_at.tv_sec = 0;
	return pid;
}

static int worker_count(void)
{
	long n = vv_conf_int("server", "workers", 0);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 1;
	return n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

/* The request workers, and the ticker after them when ticks are on. */
static void set_slots(void)
{
	nslots = worker_count();
	ticker_slot = vv_tick_period_ms() ? nslots++ : -1;
}

static int open_socket(void)
{
	const char *path = vv_conf_get("server", "socket", "var/run/vvhome.sock");
	unlink(path);
	int fd = FCGX_OpenSocket(path, (int)vv_conf_int("server", "backlog", 256));
	if (fd < 0) {
		vv_error("master: cannot open FastCGI socket %s", path);
		return -1;
	}
	/* nginx connects as its own user; the socket's directory is what
	 * guards it, so it is set by the operator (see doc/operations.md). */
	long mode = strtol(vv_conf_get("server", "socket_mode", "0660"), NULL, 8);
	if (chmod(path, (mode_t)mode) != 0)
		vv_warn("master: chmod %s: %s", path, strerror(errno));
	return fd;
}

/* Reaps dead children; schedules restarts for current-generation slots. */
static void reap(bool stopping)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		child_set(pid, 0);
		for (int i = 0; i < nslots; i++) {
			if (slots[i].pid != pid)
				continue;
			slots[i].pid = 0;
			if (stopping)
				break;
			vv_metrics_count(VV_M_WORKER_RESTARTS);
			double lived = now_s() - ts_s(&slots[i].started);
			const char *what = i == ticker_slot ? "ticker" : "worker";
			if (WIFSIGNALED(status))
				vv_warn("master: %s %d (pid %d) killed by signal %d after %.1fs",
					what, i, (int)pid, WTERMSIG(status), lived);
			else
				vv_warn("master: %s %d (pid %d) exited with %d after %.1fs", what, i,
					(int)pid, WEXITSTATUS(status), lived);
			/* One that dies young is restarted ever more slowly, up to 10 s,
			 * so a broken plugin or config cannot make us fork in a loop. */
			if (lived < 2.0)
				slots[i].backoff_ms = slots[i].backoff_ms ? slots[i].backoff_ms * 2 : 100;
			else
				slots[i].backoff_ms = 0;
			if (slots[i].backoff_ms > 10000)
				slots[i].backoff_ms = 10000;
			set_ts(&slots[i].restart_at, now_s() + (double)slots[i].backoff_ms / 1000.0);
		}
	}
}

static void stop_all(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
}

/* Waits for every child, SIGKILL after the grace period. */
static void drain(double grace)
{
	double deadline = now_s() + grace;
	for (;;) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);
		if (pid < 0 && errno == ECHILD)
			return;
		if (pid > 0) {
			child_set(pid, 0);
			continue;
		}
		if (now_s() > deadline) {
			vv_warn("master: workers still busy after %.0fs, killing them", grace);
			for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
				if (children[i] > 0)
					kill(children[i], SIGKILL);
			deadline = 1e18; /* they are gone once reaped */
			continue;
		}
		struct timespec ts = {0, 20 * 1000000L};
		nanosleep(&ts, NULL);
	}
}

/* [server] log: the master opens it and every worker inherits it as
 * stderr; without it lines go to whatever stderr is (systemd's journal).
 * Opened again on SIGHUP, so that logrotate can move the file away. */
static int open_log(void)
{
	const char *logfile = vv_conf_get("server", "log", NULL);
	if (!logfile || !*logfile)
		return 0;
	int fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0) {
		vv_error("master: cannot open log %s: %s", logfile, strerror(errno));
		return VV_ERR;
	}
	dup2(fd, STDERR_FILENO);
	close(fd);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: vvhomed [-c CONFIG] [-R | -t | --version]\n"
			"  -c CONFIG     configuration file (default conf/vvhome.conf)\n"
			"  -R            load the plugins, print every route as a JSON line, exit\n"
			"  -t, --check   check the configuration, folders, stylesheets, plugins and\n"
			"                database; one line per problem, exit 1 when there is one\n"
			"  --version     print the version and exit\n");
}

/* -R: what the router will serve, for operators and for the role-matrix
 * test, which walks every route of every loaded plugin. */
static int list_routes(void)
{
	vv_plugins_load(vv_conf_get("paths", "plugin_dir", "build/plugins"),
			vv_conf_get("plugins", "load", "home"), true);
	static const unsigned bits[] = {VV_ROLE_ANON, VV_ROLE_CUSTOMER, VV_ROLE_PROFESSIONAL,
					VV_ROLE_OPERATOR, VV_ROLE_ADMIN};
	for (size_t i = 0; i < vv_plugins_count(); i++) {
		const struct vv_plugin *p = vv_plugins_get(i);
		for (const struct vv_route *rt = p->routes; rt && rt->method; rt++) {
			printf("{\"plugin\":\"%s\",\"method\":\"%s\",\"pattern\":\"%s\",\"nolang\":%s,"
			       "\"nocsrf\":%s,\"roles\":[",
			       p->name, rt->method, rt->pattern,
			       (rt->flags & VV_ROUTE_NOLANG) ? "true" : "false",
			       (rt->flags & VV_ROUTE_NOCSRF) ? "true" : "false");
			const char *sep = "";
			for (size_t b = 0; b < sizeof(bits) / sizeof(bits[0]); b++) {
				if (rt->roles & bits[b]) {
					printf("%s\"%s\"", sep, vv_role_name(bits[b]));
					sep = ",";
				}
			}
			printf("]}\n");
		}
	}
	vv_plugins_unload();
	return 0;
}

int main(int argc, char **argv)
{
	int opt;
	bool routes = false, check = false;
	static const struct option longopts[] = {
		{"check", no_argument, NULL, 't'}, {"version", no_argument, NULL, 'V'}, {0}};
	while ((opt = getopt_long(argc, argv, "c:hRt", longopts, NULL)) != -1) {
		if (opt == 'c') {
			conf_path = optarg;
		} else if (opt == 'R') {
			routes = true;
		} else if (opt == 't') {
			check = true;
		} else if (opt == 'V') {
			printf("vvhomed %s\n", VV_VERSION);
			return 0;
		} else {
			usage();
			return opt == 'h' ? 0 : 2;
		}
	}
	if (vv_conf_load(conf_path) != 0)
		return 1;
	if (check)
		return vv_conf_check_report();
	/* A file that would only make workers die young (a typo, a missing
	 * folder, a stylesheet that does not compile, a secure_cookies that is
	 * neither auto nor a boolean) stops the start here. */
	if (!routes && vv_conf_check_forked(conf_path) != 0)
		return 1;
	/* A schema a newer vvhome migrated, or one not migrated yet: tables
	 * and columns this code does not expect. Refused with what to do
	 * (before the log file opens: on the terminal, or in the journal). */
	if (!routes && vv_schema_check_forked() != 0)
		return 1;
	if (!routes && open_log() != 0)
		return 1;
	if (routes) {
		int rc = list_routes();
		vv_conf_free();
		return rc;
	}
	if (FCGX_Init() != 0)
		return 1;
	if ((listen_fd = open_socket()) < 0)
		return 1;

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	vv_metrics_init();
	set_slots();
	for (int i = 0; i < nslots; i++)
		spawn(i);
	vv_info("master: serving on %s with %d workers%s", vv_conf_get("server", "socket", "?"),
		ticker_slot < 0 ? nslots : nslots - 1, ticker_slot < 0 ? "" : " and a ticker");
	/* READY=1 waits for a worker that serves (notify.c); until then the
	 * loop looks every 50 ms. */
	bool ready_sent = false;
	long watchdog_ms = vv_notify_watchdog_ms();
	double watchdog_at = now_s();

	for (;;) {
		if (!ready_sent && vv_metrics_ready_count() > 0) {
			char msg[512];
			snprintf(msg, sizeof(msg), "READY=1\nSTATUS=serving on %s with %d workers\nMAINPID=%ld",
				 vv_conf_get("server", "socket", "?"),
				 ticker_slot < 0 ? nslots : nslots - 1, (long)getpid());
			vv_notify(msg);
			ready_sent = true;
		}
		if (watchdog_ms && now_s() >= watchdog_at) {
			vv_notify("WATCHDOG=1");
			watchdog_at = now_s() + (double)watchdog_ms / 1000.0;
		}
		/* Wake for a signal, or for the earliest pending restart. */
		double wake = now_s() + (ready_sent ? 1.0 : 0.05);
		if (watchdog_ms && watchdog_at < wake)
			wake = watchdog_at;
		for (int i = 0; i < nslots; i++)
			if (!slots[i].pid && slots[i].restart_at.tv_sec &&
			    ts_s(&slots[i].restart_at) < wake)
				wake = ts_s(&slots[i].restart_at);
		double d = wake - now_s();
		struct timespec to;
		set_ts(&to, d > 0 ? d : 0);
		siginfo_t si;
		int sig = sigtimedwait(&set, &si, &to);

		if (sig == SIGTERM || sig == SIGINT) {
			vv_notify("STOPPING=1");
			vv_info("master: stopping, letting workers finish their requests");
			pid_t pids[MAX_WORKERS + 1];
			for (int i = 0; i < nslots; i++)
				pids[i] = slots[i].pid;
			stop_all(pids, nslots);
			drain((double)vv_conf_int("server", "stop_grace", 30));
			break;
		}
		if (sig == SIGHUP) {
			vv_info("master: reloading configuration and plugins");
			pid_t old[MAX_WORKERS + 1];
			int nold = nslots;
			for (int i = 0; i < nslots; i++)
				old[i] = slots[i].pid;
			if (vv_conf_check_forked(conf_path) != 0 || vv_conf_load(conf_path) != 0) {
				vv_warn("master: %s has problems (see above), keeping the old "
					"configuration and workers", conf_path);
				continue;
			}
			vv_notify("RELOADING=1");
			open_log();
			set_slots();
			vv_metrics_ready_reset();
			ready_sent = false;
			memset(slots, 0, sizeof(slots));
			for (int i = 0; i < nslots; i++)
				spawn(i);
			/* Old workers finish what they hold; their exits are reaped as strangers. */
			stop_all(old, nold);
			continue;
		}
		reap(false);
		int alive = 0;
		for (int i = 0; i < nslots; i++) {
			if (!slots[i].pid && slots[i].restart_at.tv_sec &&
			    ts_s(&slots[i].restart_at) <= now_s())
				spawn(i);
			alive += slots[i].pid > 0 && i != ticker_slot;
		}
		vv_metrics_workers(alive);
	}
	unlink(vv_conf_get("server", "socket", ""));
	vv_conf_free();
	vv_info("master: stopped");
	return 0;
}
