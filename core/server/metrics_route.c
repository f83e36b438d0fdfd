/* Per-route counters for /metrics: requests by route pattern (the
 * plugin's "/login/{token}", never the raw URL, so the label set is as
 * small as the route tables) and status class, and a duration histogram
 * per route. Requests that matched no route count under route="none".
 *
 * The table lives in memory the master maps before it forks (as the
 * counters of metrics.c), keyed by "METHOD pattern": workers load their
 * plugins after the fork and a reload may change the routes, so a slot is
 * claimed by the first process that meets its key (compare-and-swap) and
 * found by the others through the same hash. */
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "core.h"

#define SLOTS 512     /* routes of every plugin together are far fewer */
#define KEY_LEN 128
enum { FREE, CLAIMING, READY };

struct slot {
	_Atomic int state;
	char key[KEY_LEN]; /* "GET /login/{token}"; written once, before READY */
	_Atomic uint64_t status[6];
	_Atomic uint64_t le[VV_METRICS_NBUCKETS + 1];
	_Atomic uint64_t us;
};

static struct slot private_table[8]; /* vvctl and unit tests: a few slots of their own */
static struct slot *table = private_table;
static size_t nslots = sizeof(private_table) / sizeof(private_table[0]);

void vv_metrics_route_init(void)
{
	void *p = mmap(NULL, SLOTS * sizeof(struct slot), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		vv_warn("metrics: cannot map the per-route counters; each process counts its own");
		return;
	}
	memset(p, 0, SLOTS * sizeof(struct slot));
	table = p;
	nslots = SLOTS;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of key, claimed when new; NULL when the table is full. */
static struct slot *find(const char *key)
{
	uint32_t h = hash(key);
	for (size_t i = 0; i < nslots; i++) {
		struct slot *s = &table[(h + i) % nslots];
		int st = atomic_load_explicit(&s->state, memory_order_acquire);
		if (st == FREE) {
			int expect = FREE;
			if (atomic_compare_exchange_strong(&s->state, &expect, CLAIMING)) {
				snprintf(s->key, sizeof(s->key), "%s", key);
				atomic_store_explicit(&s->state, READY, memory_order_release);
				return s;
			}
			st = expect;
		}
		/* Another process is writing this slot's key: a few instructions. */
		for (int spin = 0; st == CLAIMING && spin < 10000; spin++) {
			sched_yield();
			st = atomic_load_explicit(&s->state, memory_order_acquire);
		}
		if (st == READY && strncmp(s->key, key, KEY_LEN - 1) == 0)
			return s;
	}
	return NULL;
}

void vv_metrics_route(const char *method, const char *pattern, int status, long us)
{
	/* Without a route the method is the client's word: only the usual
	 * ones become labels, so that no client can grow the set. */
	static const char *const usual[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
	if (!pattern) {
		const char *m = "other";
		for (size_t i = 0; method && i < sizeof(usual) / sizeof(usual[0]); i++)
			if (strcmp(method, usual[i]) == 0)
				m = usual[i];
		method = m;
	}
	char key[KEY_LEN];
	snprintf(key, sizeof(key), "%s %s", method ? method : "other", pattern ? pattern : "none");
	struct slot *s = find(key);
	if (!s)
		return;
	int cls = status >= 100 && status < 600 ? status / 100 : 0;
	atomic_fetch_add_explicit(&s->status[cls], 1, memory_order_relaxed);
	double sec = (double)us / 1e6;
	size_t b = 0;
	while (b < VV_METRICS_NBUCKETS && sec > vv_metrics_le[b])
		b++;
	atomic_fetch_add_explicit(&s->le[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->us, (uint64_t)(us < 0 ? 0 : us), memory_order_relaxed);
}

#define LOAD(x) ((unsigned long long)atomic_load_explicit(&(x), memory_order_relaxed))

char *vv_metrics_route_text(vv_arena_t *a)
{
	static const char *classes[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return vv_strdup(a, "");
	fputs("# HELP vvhome_route_requests_total Requests answered, by route pattern and status class.\n"
	      "# TYPE vvhome_route_requests_total counter\n", f);
	for (size_t i = 0; i < nslots; i++) {
		struct slot *s = &table[i];
		if (atomic_load_explicit(&s->state, memory_order_acquire) != READY)
			continue;
		const char *sp = strchr(s->key, ' ');
		int ml = sp ? (int)(sp - s->key) : 0;
		for (int c = 0; c < 6; c++)
			if (LOAD(s->status[c]))
				fprintf(f, "vvhome_route_requests_total{method=\"%.*s\",route=\"%s\",code=\"%s\"} %llu\n",
					ml, s->key, sp ? sp + 1 : s->key, classes[c], LOAD(s->status[c]));
	}
	fputs("# HELP vvhome_route_request_duration_seconds Time from request to response written, by route pattern.\n"
	      "# TYPE vvhome_route_request_duration_seconds histogram\n", f);
	for (size_t i = 0; i < nslots; i++) {
		struct slot *s = &table[i];
		if (atomic_load_explicit(&s->state, memory_order_acquire) != READY)
			continue;
		const char *sp = strchr(s->key, ' ');
		int ml = sp ? (int)(sp - s->key) : 0;
		const char *route = sp ? sp + 1 : s->key;
		unsigned long long cum = 0;
		for (size_t b = 0; b <= VV_METRICS_NBUCKETS; b++) {
			cum += LOAD(s->le[b]);
			if (b < VV_METRICS_NBUCKETS)
				fprintf(f, "vvhome_route_request_duration_seconds_bucket{method=\"%.*s\",route=\"%s\",le=\"%g\"} %llu\n",
					ml, s->key, route, vv_metrics_le[b], cum);
			else
				fprintf(f, "vvhome_route_request_duration_seconds_bucket{method=\"%.*s\",route=\"%s\",le=\"+Inf\"} %llu\n",
					ml, s->key, route, cum);
		}
		fprintf(f, "vvhome_route_request_duration_seconds_sum{method=\"%.*s\",route=\"%s\"} %.6f\n"
			   "vvhome_route_request_duration_seconds_count{method=\"%.*s\",route=\"%s\"} %llu\n",
			ml, s->key, route, (double)LOAD(s->us) / 1e6, ml, s->key, route, cum);
	}
	fclose(f);
	char *out = vv_strndup(a, buf ? buf : "", len);
	free(buf);
	return out;
}
