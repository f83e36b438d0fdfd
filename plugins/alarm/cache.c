/* The poll's answers, kept in this worker's memory per session.
 *
 * Every tablet asks every few seconds; most of those questions have the
 * same answer as five seconds ago. A slot holds one session's answer,
 * keyed by the SHA-256 of its cookie (vv_session_key), until the first of:
 *   - its valid_until: the session's own expiry, the end of the running
 *     event, the next start among the user's enrolled events, or the cache
 *     time (conf [alarm] poll_cache_seconds, default 300) -- so a polling
 *     tablet still takes the full path (the core's session check) every
 *     five minutes, which also keeps its session's idle expiry moving;
 *   - a change to the user, their tenant or the answered event, learnt from table
 *     changes (schema/006, written by the core's vv_event_changed /
 *     vv_user_changed in the transaction of every change). The worker reads
 *     the rows of the last minute at most every poll_check_ms (default
 *     1000) before answering, so a change reaches the poll at most that
 *     late; a worker idle for longer than the look-back forgets everything.
 *
 * Why a minute of look-back: changed_at is written before the change
 * commits, so a row can appear later than its time says. A row seen again
 * with the same changed_at was handled already (the previous read is kept
 * to tell). The table is 4-way set-associative: more sessions than a set
 * holds take turns, which costs refills, never a wrong answer (the key is
 * compared). A slot is ~130 bytes and the event's name: 131072 slots (conf
 * poll_cache_entries) hold ~100,000 tablets in ~17 MB per worker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "alarm.h"

#define WAYS 4 /* slots per set: collisions evict the copy that expires first */
#define LOOKBACK_S 60
#define LOOKBACK_MS (LOOKBACK_S * 1000)

struct slot {
	bool used;
	unsigned char key[32];
	int64_t user_id, tenant_id, event_id; /* event_id 0: nothing running */
	int64_t valid_until;       /* epoch seconds */
	char page_lang[3];         /* "" when the user's own language chose the name */
	char uuid[37];
	char *name;                /* malloc'd; NULL with nothing running */
	int64_t starts, ends;
	bool forced, record;
};

/* A row of the previous read of table changes. */
struct seen {
	char kind;
	int64_t id;
	char at[32];
	bool fresh; /* not in the previous read: its copies are to be forgotten */
};

static struct slot *slots;
static size_t nslots;
static struct seen *prev;
static size_t nprev;
static int64_t last_check_ms; /* CLOCK_MONOTONIC; 0: never */

/* conf [alarm], read once per worker: a reload replaces the workers, and
 * the poll is too hot to look its settings up on every request. -1: not
 * read yet. */
static long cache_seconds = -1, check_ms = -1;

static long setting(long *v, const char *key, long def)
{
	if (*v < 0) {
		long n = vv_conf_int("alarm", key, def);
		*v = n < 0 ? def : n;
	}
	return *v;
}

long vv_alarm_cache_seconds(void)
{
	return setting(&cache_seconds, "poll_cache_seconds", 300);
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The binary key of a 64-hex-digit hash; false for anything else. */
static bool parse_key(const char *hex, unsigned char key[32])
{
	if (!hex || strlen(hex) != 64)
		return false;
	for (int i = 0; i < 32; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

/* The set of WAYS slots a key may live in; NULL when out of memory. */
static struct slot *set_for(const unsigned char key[32])
{
	if (!slots) {
		long n = vv_conf_int("alarm", "poll_cache_entries", 131072);
		nslots = n >= WAYS && n <= 4000000 ? (size_t)n : 131072;
		nslots -= nslots % WAYS;
		slots = calloc(nslots, sizeof(*slots)); /* untouched pages cost no memory */
		if (!slots)
			return NULL;
	}
	uint64_t h;
	memcpy(&h, key, sizeof(h)); /* a SHA-256: already uniform */
	return &slots[(h % (nslots / WAYS)) * WAYS];
}

/* The key's slot in its set, or NULL. */
static struct slot *find(struct slot *set, const unsigned char key[32])
{
	for (int i = 0; i < WAYS; i++)
		if (set[i].used && memcmp(set[i].key, key, 32) == 0)
			return &set[i];
	return NULL;
}

/* Where a new copy goes: the key's own slot, a free one, else the one
 * that expires first. */
static struct slot *victim(struct slot *set, const unsigned char key[32])
{
	struct slot *v = find(set, key);
	for (int i = 0; !v && i < WAYS; i++)
		if (!set[i].used)
			v = &set[i];
	if (v)
		return v;
	v = &set[0];
	for (int i = 1; i < WAYS; i++)
		if (set[i].valid_until < v->valid_until)
			v = &set[i];
	return v;
}

static void clear_slot(struct slot *s)
{
	free(s->name);
	memset(s, 0, sizeof(*s));
}

static void forget_all(void)
{
	for (size_t i = 0; slots && i < nslots; i++)
		if (slots[i].used)
			clear_slot(&slots[i]);
}

static int seen_cmp(const void *x, const void *y)
{
	const struct seen *p = x, *q = y;
	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	return (p->id > q->id) - (p->id < q->id);
}

/* Forgets, in one pass over the slots, the copies of every user and event
 * that rows (sorted, n of them) name with fresh set: one pass however many
 * rows a change wrote (an event's change names each of its participants). */
static void forget_fresh(const struct seen *rows, size_t n)
{
	for (size_t i = 0; slots && i < nslots; i++) {
		struct slot *s = &slots[i];
		if (!s->used)
			continue;
		const struct seen keys[] = {{.kind = 'u', .id = s->user_id},
					    {.kind = 't', .id = s->tenant_id},
					    {.kind = 'e', .id = s->event_id}};
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const struct seen *hit = bsearch(&keys[k], rows, n, sizeof(*rows), seen_cmp);
			if (hit && hit->fresh) {
				clear_slot(s);
				break;
			}
		}
	}
}

static bool seen_before(const struct seen *row)
{
	const struct seen *hit = prev ? bsearch(row, prev, nprev, sizeof(*prev), seen_cmp) : NULL;
	return hit && strcmp(hit->at, row->at) == 0;
}

/* Reads the changes of the last minute when poll_check_ms has passed and
 * forgets the slots they concern. 0, or a negative VV_ code (the database
 * is down: the caller answers 503 rather than from memory it cannot
 * check). */
static int catch_up(vv_arena_t *a)
{
	long every = setting(&check_ms, "poll_check_ms", 1000);
	int64_t now = mono_ms();
	if (last_check_ms && now - last_check_ms < every)
		return VV_OK;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT kind, id, changed_at FROM changes"
		" WHERE changed_at >= UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
		" ORDER BY kind, id",
		VV_DB_ARGS(VV_DB_I(LOOKBACK_S)));
	if (!res)
		return err ? err : VV_ERR;
	/* Idle for longer than half the look-back: a change written (changed_at)
	 * before the last read but committed after it — a transaction that
	 * waited on locks — must still be inside this read's window; half a
	 * minute of margin covers any lock wait (innodb_lock_wait_timeout 5 s
	 * on our connections, retries included). */
	if (!last_check_ms || now - last_check_ms >= LOOKBACK_MS / 2)
		forget_all();
	size_t n = 0, cap = 64, nfresh = 0;
	struct seen *cur = malloc(cap * sizeof(*cur));
	if (!cur)
		return VV_ERR;
	while (vv_db_next(res)) {
		if (n == cap) {
			struct seen *more = realloc(cur, 2 * cap * sizeof(*cur));
			if (!more) {
				free(cur);
				return VV_ERR;
			}
			cur = more;
			cap *= 2;
		}
		const char *kind = vv_db_str(res, 0), *at = vv_db_str(res, 2);
		struct seen *row = &cur[n++];
		row->kind = kind ? kind[0] : '?';
		row->id = vv_db_int(res, 1, 0);
		snprintf(row->at, sizeof(row->at), "%s", at ? at : "");
		row->fresh = !seen_before(row);
		nfresh += row->fresh;
	}
	if (nfresh)
		forget_fresh(cur, n);
	free(prev);
	prev = cur;
	nprev = n;
	last_check_ms = now;
	return VV_OK;
}

int vv_alarm_cache_get(vv_req_t *r, const char *key_hex, int64_t now,
		       struct vv_alarm_answer *out)
{
	unsigned char key[32];
	if (!parse_key(key_hex, key))
		return 0;
	int rc = catch_up(vv_req_arena(r));
	if (rc < 0)
		return rc;
	struct slot *set = set_for(key);
	struct slot *s = set ? find(set, key) : NULL;
	if (!s || s->valid_until <= now)
		return 0;
	if (s->page_lang[0] && strcmp(s->page_lang, vv_req_lang(r)) != 0)
		return 0; /* the name was chosen by another page language */
	memset(out, 0, sizeof(*out));
	if (s->event_id) {
		out->event_id = s->event_id;
		out->uuid = s->uuid;
		out->name = s->name;
		out->starts = s->starts;
		out->ends = s->ends;
		out->forced = s->forced;
		out->record = s->record;
	}
	return 1;
}

void vv_alarm_cache_put(const char *key_hex, int64_t user_id, int64_t tenant_id,
			const char *page_lang, const struct vv_alarm_answer *ans,
			int64_t valid_until)
{
	unsigned char key[32];
	if (!parse_key(key_hex, key))
		return;
	struct slot *set = set_for(key);
	if (!set)
		return;
	struct slot *s = victim(set, key);
	clear_slot(s);
	if (ans->event_id && (!ans->uuid || strlen(ans->uuid) >= sizeof(s->uuid)))
		return; /* cannot be held: the next poll asks the database again */
	memcpy(s->key, key, sizeof(key));
	s->user_id = user_id;
	s->tenant_id = tenant_id;
	s->valid_until = valid_until;
	snprintf(s->page_lang, sizeof(s->page_lang), "%s", page_lang ? page_lang : "");
	if (ans->event_id) {
		s->event_id = ans->event_id;
		snprintf(s->uuid, sizeof(s->uuid), "%s", ans->uuid);
		s->name = strdup(ans->name ? ans->name : "");
		if (!s->name)
			return; /* out of memory: not held */
		s->starts = ans->starts;
		s->ends = ans->ends;
		s->forced = ans->forced;
		s->record = ans->record;
	}
	s->used = true;
}

void vv_alarm_cache_fini(void)
{
	forget_all();
	free(slots);
	free(prev);
	slots = NULL;
	prev = NULL;
	nslots = nprev = 0;
	last_check_ms = 0;
	cache_seconds = check_ms = -1;
}
