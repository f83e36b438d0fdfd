/* Counters of one host, for /metrics. The master maps one shared page
 * before it forks (vv_metrics_init), so that every worker, the ticker and
 * the master add to the same numbers with atomic adds; a process that
 * never called it (vvctl, unit tests) counts into a private copy.
 * A restart of the master starts from zero, which Prometheus's rate()
 * treats as a counter reset. */
#include <arpa/inet.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "core.h"

const double vv_metrics_le[VV_METRICS_NBUCKETS] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
						    0.5,   1,    2.5,   5,    10};
#define buckets vv_metrics_le
#define NBUCKETS VV_METRICS_NBUCKETS

struct shared {
	_Atomic uint64_t count[VV_M_COUNT];
	_Atomic uint64_t status[6]; /* by class: [1] 1xx .. [5] 5xx, [0] anything else */
	_Atomic uint64_t le[NBUCKETS + 1]; /* per bucket (not cumulative); last: +Inf */
	_Atomic uint64_t duration_us;
	_Atomic uint64_t workers_alive;
	_Atomic uint64_t workers_ready;  /* since the master's last reset */
	_Atomic int64_t tick_began;      /* Unix time of the last round of ticks begun, 0 none */
	_Atomic int64_t tick_ended;      /* ... and ended */
	time_t started;
};

static struct shared private_copy;
static struct shared *m = &private_copy;
/* A stylesheet failed in this process: its /healthz says so (a new
 * generation of workers, after the fix and a reload, starts clean). */
static bool xsl_failed_here;

void vv_metrics_init(void)
{
	void *p = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);
	if (p == MAP_FAILED) {
		vv_warn("metrics: cannot map shared counters; each process counts its own");
		return;
	}
	m = p;
	memset(m, 0, sizeof(*m));
	m->started = time(NULL);
	vv_metrics_route_init();
}

void vv_metrics_count(enum vv_metric which)
{
	if ((unsigned)which < VV_M_COUNT)
		atomic_fetch_add_explicit(&m->count[which], 1, memory_order_relaxed);
	if (which == VV_M_XSL_FAILURES)
		xsl_failed_here = true;
}

void vv_metrics_workers(int alive)
{
	atomic_store_explicit(&m->workers_alive, (uint64_t)(alive < 0 ? 0 : alive),
			      memory_order_relaxed);
}

void vv_metrics_worker_ready(void)
{
	atomic_fetch_add_explicit(&m->workers_ready, 1, memory_order_relaxed);
}

int vv_metrics_ready_count(void)
{
	return (int)atomic_load_explicit(&m->workers_ready, memory_order_relaxed);
}

void vv_metrics_ready_reset(void)
{
	atomic_store_explicit(&m->workers_ready, 0, memory_order_relaxed);
}

void vv_metrics_tick(bool begins)
{
	atomic_store_explicit(begins ? &m->tick_began : &m->tick_ended, (int64_t)time(NULL),
			      memory_order_relaxed);
}

void vv_metrics_request(int status, long us)
{
	int cls = status >= 100 && status < 600 ? status / 100 : 0;
	atomic_fetch_add_explicit(&m->status[cls], 1, memory_order_relaxed);
	double s = (double)us / 1e6;
	size_t b = 0;
	while (b < NBUCKETS && s > buckets[b])
		b++;
	atomic_fetch_add_explicit(&m->le[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->duration_us, (uint64_t)(us < 0 ? 0 : us), memory_order_relaxed);
}

/* One address or prefix of [metrics] allow against addr. */
static bool match(const char *rule, const char *addr)
{
	char net[64];
	int bits = -1;
	const char *slash = strchr(rule, '/');
	size_t n = slash ? (size_t)(slash - rule) : strlen(rule);
	if (n >= sizeof(net))
		return false;
	memcpy(net, rule, n);
	net[n] = '\0';
	if (slash)
		bits = atoi(slash + 1);
	unsigned char a[16], b[16];
	int fam = strchr(net, ':') ? AF_INET6 : AF_INET;
	size_t len = fam == AF_INET6 ? 16 : 4;
	if (inet_pton(fam, net, b) != 1 || inet_pton(fam, addr, a) != 1)
		return false;
	if (bits < 0 || bits > (int)len * 8)
		bits = (int)len * 8;
	for (int i = 0; i < bits; i++)
		if (((a[i / 8] ^ b[i / 8]) >> (7 - i % 8)) & 1)
			return false;
	return true;
}

bool vv_metrics_allowed(const vv_req_t *r)
{
	const char *addr = vv_req_addr(r);
	const char *allow = vv_conf_get("metrics", "allow", "127.0.0.1, ::1");
	char rule[80];
	for (const char *p = allow; *p;) {
		p += strspn(p, ", \t");
		size_t n = strcspn(p, ", \t");
		if (n && n < sizeof(rule)) {
			memcpy(rule, p, n);
			rule[n] = '\0';
			if (addr && match(rule, addr))
				return true;
		}
		p += n;
	}
	return false;
}

#define LOAD(x) ((unsigned long long)atomic_load_explicit(&(x), memory_order_relaxed))

const char *vv_metrics_text(vv_req_t *r, size_t *len)
{
	vv_arena_t *a = vv_req_arena(r);
	static const char *classes[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	char *out = vv_sprintf(a,
		"# HELP vvhome_build_info The running version.\n"
		"# TYPE vvhome_build_info gauge\n"
		"vvhome_build_info{version=\"%s\"} 1\n"
		"# HELP vvhome_start_time_seconds When the master started (Unix time).\n"
		"# TYPE vvhome_start_time_seconds gauge\n"
		"vvhome_start_time_seconds %lld\n"
		"# HELP vvhome_requests_total Requests answered, by status class.\n"
		"# TYPE vvhome_requests_total counter\n",
		VV_VERSION, (long long)m->started);
	for (int i = 1; i <= 5; i++)
		out = vv_sprintf(a, "%svvhome_requests_total{code=\"%s\"} %llu\n", out, classes[i],
				 LOAD(m->status[i]));
	out = vv_sprintf(a, "%s# HELP vvhome_request_duration_seconds Time from request to response written.\n"
			 "# TYPE vvhome_request_duration_seconds histogram\n", out);
	unsigned long long cum = 0;
	for (size_t b = 0; b <= NBUCKETS; b++) {
		cum += LOAD(m->le[b]);
		if (b < NBUCKETS)
			out = vv_sprintf(a, "%svvhome_request_duration_seconds_bucket{le=\"%g\"} %llu\n", out,
					 buckets[b], cum);
		else
			out = vv_sprintf(a, "%svvhome_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
					 out, cum);
	}
	out = vv_sprintf(a, "%svvhome_request_duration_seconds_sum %.6f\n"
			 "vvhome_request_duration_seconds_count %llu\n", out,
			 (double)LOAD(m->duration_us) / 1e6, cum);
	static const struct {
		enum vv_metric m;
		const char *name, *help;
	} counters[] = {
		{VV_M_WORKER_RESTARTS, "vvhome_worker_restarts_total",
		 "Workers and tickers the master replaced after they died."},
		{VV_M_DB_ERRORS, "vvhome_db_errors_total", "Database errors logged."},
		{VV_M_DB_RETRIES, "vvhome_db_retries_total",
		 "Statements or transactions retried after a conflict or a lost connection."},
		{VV_M_RCACHE_HITS, "vvhome_render_cache_hits_total", "Pages served from the render cache."},
		{VV_M_RCACHE_MISSES, "vvhome_render_cache_misses_total", "Pages rendered by XSLT."},
		{VV_M_XSL_FAILURES, "vvhome_stylesheet_failures_total",
		 "Stylesheets that did not compile in a worker."},
	};
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		out = vv_sprintf(a, "%s# HELP %s %s\n# TYPE %s counter\n%s %llu\n", out, counters[i].name,
				 counters[i].help, counters[i].name, counters[i].name,
				 LOAD(m->count[counters[i].m]));
	out = vv_sprintf(a, "%s# HELP vvhome_tick_last_begin_seconds When the ticker last began a round (Unix time, 0 none).\n"
			 "# TYPE vvhome_tick_last_begin_seconds gauge\nvvhome_tick_last_begin_seconds %lld\n"
			 "# HELP vvhome_tick_running 1 while the ticker runs a round of ticks.\n"
			 "# TYPE vvhome_tick_running gauge\nvvhome_tick_running %d\n", out,
			 (long long)atomic_load_explicit(&m->tick_began, memory_order_relaxed),
			 atomic_load_explicit(&m->tick_began, memory_order_relaxed) >
				 atomic_load_explicit(&m->tick_ended, memory_order_relaxed));
	out = vv_sprintf(a, "%s# HELP vvhome_workers Request workers alive.\n"
			 "# TYPE vvhome_workers gauge\nvvhome_workers %llu\n", out,
			 LOAD(m->workers_alive));
	out = vv_sprintf(a, "%s%s", out, vv_metrics_route_text(a));
	*len = strlen(out);
	return out;
}

/* The ticker is late: no round of ticks begun within three periods and
 * five seconds (from the master's start for the first), or one round
 * running for over ten minutes (a conversion may take minutes, not
 * that). NULL when it is on time or there is none; else why, in buf. */
static const char *ticker_late(char *buf, size_t size)
{
	long period = vv_tick_period_ms() / 1000;
	if (period <= 0)
		return NULL;
	int64_t began = atomic_load_explicit(&m->tick_began, memory_order_relaxed);
	int64_t ended = atomic_load_explicit(&m->tick_ended, memory_order_relaxed);
	int64_t now = (int64_t)time(NULL);
	if (began > ended && now - began > 600) {
		snprintf(buf, size, "ticker: a round of ticks has run for %lld s",
			 (long long)(now - began));
		return buf;
	}
	int64_t since = began > (int64_t)m->started ? began : (int64_t)m->started;
	if (began <= ended && now - since > 3 * period + 5) {
		snprintf(buf, size, "ticker: no tick for %lld s (tick_seconds = %ld)",
			 (long long)(now - since), period);
		return buf;
	}
	return NULL;
}

int vv_health(const char **why)
{
	static char buf[512];
	char late[160];
	const char *lines[3];
	int n = 0;
	if (vv_db_ping() != 0)
		lines[n++] = "database unavailable";
	if (xsl_failed_here)
		lines[n++] = "a stylesheet did not compile (see the log)";
	if (m != &private_copy && ticker_late(late, sizeof(late)))
		lines[n++] = late;
	*why = NULL;
	if (!n)
		return 0;
	size_t off = 0;
	for (int i = 0; i < n && off < sizeof(buf); i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? "\n" : "", lines[i]);
	*why = buf;
	return VV_UNAVAILABLE;
}
