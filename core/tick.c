/* Ticks: the plugins' work that no visitor's request triggers (struct
 * vv_plugin.tick), run by each worker between requests about every
 * [server] tick_seconds. Workers start at random points of the period so
 * that their ticks - and those of other hosts - spread out instead of
 * meeting on the database at once. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <openssl/rand.h>
#include "core.h"

static long period_ms; /* 0: ticks off */
static struct timespec due;

static long ms_until(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (t->tv_sec - now.tv_sec) * 1000L + (t->tv_nsec - now.tv_nsec) / 1000000L;
}

static void schedule(long ms)
{
	clock_gettime(CLOCK_MONOTONIC, &due);
	due.tv_sec += ms / 1000;
	due.tv_nsec += (ms % 1000) * 1000000L;
	if (due.tv_nsec >= 1000000000L) {
		due.tv_sec++;
		due.tv_nsec -= 1000000000L;
	}
}

void vv_tick_init(void)
{
	long s = vv_conf_int("server", "tick_seconds", 30);
	period_ms = s > 0 ? (s > 86400 ? 86400 : s) * 1000L : 0;
	if (!period_ms)
		return;
	uint32_t r = 0;
	if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
		r = (uint32_t)getpid();
	schedule(1 + (long)(r % (uint32_t)period_ms));
}

long vv_tick_wait_ms(void)
{
	if (!period_ms)
		return -1;
	long ms = ms_until(&due);
	return ms > 0 ? ms : 0;
}

void vv_tick_run_due(vv_arena_t *arena)
{
	if (!period_ms || ms_until(&due) > 0)
		return;
	schedule(period_ms);
	for (size_t i = 0; i < vv_plugins_count(); i++) {
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
		if (ms >= 1000) /* a tick delays this worker's next request: say when it is long */
			vv_info("tick %s took %ld ms", p->name, ms);
	}
}
