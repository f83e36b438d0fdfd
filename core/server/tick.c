/* The ticker: one process per host, forked by the master beside the
 * request workers, that runs the plugins' ticks (struct vv_plugin.tick)
 * about every [server] tick_seconds and serves no request. Work no
 * visitor triggers - ending events whose time ran out, converting their
 * recordings with tools that take minutes - so never delays a page or a
 * tablet's poll. Hosts start at random points of the period, so that their
 * tickers spread out instead of meeting on the database at once; each
 * piece of work is claimed in the database (plugins' business). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <openssl/rand.h>
#include "core.h"
#include "render/i18n.h"

static volatile sig_atomic_t stop_requested;

void vv_stop_note(void)
{
	stop_requested = 1;
}

bool vv_stopping(void)
{
	return stop_requested != 0;
}

static void on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

long vv_tick_period_ms(void)
{
	long s = vv_conf_int("server", "tick_seconds", 30);
	return s > 0 ? (s > 86400 ? 86400 : s) * 1000L : 0;
}

static struct timespec add_ms(struct timespec t, long ms)
{
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static long ms_until(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (t->tv_sec - now.tv_sec) * 1000L + (t->tv_nsec - now.tv_nsec) / 1000000L;
}

/* Runs every plugin's tick once, each with a request of nobody. */
static void tick_all(vv_arena_t *arena)
{
	for (size_t i = 0; i < vv_plugins_count() && !vv_stopping(); i++) {
		const struct vv_plugin *p = vv_plugins_get(i);
		if (!p->tick)
			continue;
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		vv_req_t r;
		vv_req_init(&r, arena);
		r.method = "TICK";
		r.path = r.subpath = "";
		r.addr = "";
		p->tick(&r);
		vv_arena_reset(arena);
		long ms = -ms_until(&t0);
		if (ms >= 1000)
			vv_info("tick %s took %ld ms", p->name, ms);
	}
	if (!vv_stopping()) {
		vv_reminder_tick(arena);
		vv_arena_reset(arena);
	}
	if (!vv_stopping()) {
		vv_mail_tick(arena);
		vv_arena_reset(arena);
	}
	if (!vv_stopping()) {
		vv_purge_tick(arena);
		vv_arena_reset(arena);
	}
}

int vv_ticker_run(void)
{
	/* SIGTERM stays deliverable: the handler only sets the flag that
	 * vv_stopping() reports, and a long tick (a tool run) returns soon. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	long period = vv_tick_period_ms();
	if (!period)
		return 0;
	vv_db_init();
	vv_plugins_load(vv_conf_get("paths", "plugin_dir", "build/plugins"),
			vv_conf_get("plugins", "load", "home"), false);
	/* The texts of the messages the ticker writes itself (reminders). */
	if (vv_i18n_load(vv_conf_get("paths", "xsl_dir", "xsl")) != 0)
		vv_warn("tick: cannot load the text catalogues; reminders will show their keys");
	vv_arena_t *arena = vv_arena_create();
	if (!arena)
		return 1;
	uint32_t rnd = 0;
	if (RAND_bytes((unsigned char *)&rnd, sizeof(rnd)) != 1)
		rnd = (uint32_t)getpid();
	struct timespec due;
	clock_gettime(CLOCK_MONOTONIC, &due);
	due = add_ms(due, 1 + (long)(rnd % (uint32_t)period));
	while (!vv_stopping()) {
		long ms = ms_until(&due);
		if (ms > 0) {
			struct timespec nap = {ms / 1000, (ms % 1000) * 1000000L};
			nanosleep(&nap, NULL); /* SIGTERM cuts it short */
			continue;
		}
		vv_metrics_tick(true);
		tick_all(arena);
		vv_metrics_tick(false);
		clock_gettime(CLOCK_MONOTONIC, &due);
		due = add_ms(due, period);
	}
	vv_arena_destroy(arena);
	vv_plugins_unload();
	vv_db_fini();
	return 0;
}
