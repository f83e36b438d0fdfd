/* A customer's calendar week kept in this worker's memory.
 *
 * The tablet's calendar is the page every customer has open all day, and
 * reading a week costs the database two UNION queries (their types, their
 * shared groups, their own rows) where the answer is nearly always the one
 * of a minute ago. A slot keeps the week's items for (user, tenant, week,
 * first day, device language) together with the signature of three rows of
 * table changes (schema/006): ('u', user) -- their role, language,
 * assignments seen through vv_access_revoke and participant rows --,
 * ('t', tenant) -- its language and zone -- and ('c', tenant) -- any event,
 * text, type, group, assignment, share or recording its customers may be
 * shown (vv_event_changed, vv_content_changed). Every change upserts its row
 * with a new changed_at in the changing transaction, so once it commits the
 * signature differs: the session check reads the three rows by primary key
 * beside the session (vv_req_changes: no statement of its own instead of
 * two UNIONs) and a different signature is a miss. The signature is read before the week, so a change that commits
 * in between leaves a slot whose signature is already old: a miss next
 * time, never a stale hit.
 *
 * Time also moves the week: an event leaves it when it ends, so a slot
 * lasts until the first end among its events (and at most MAX_AGE_S); the
 * day changes the key (first day). "running" is computed from the clock
 * when the page is built, not kept. Direct-mapped by a hash of the key:
 * more customers than slots take turns, which costs refills, never a wrong
 * week (the key is compared). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "enrolment.h"

#define NSLOTS 1024
#define MAX_AGE_S 300

struct slot {
	bool used;
	int64_t user, tenant;
	int week;
	char first[11], dlang[3];
	char *sig;
	int64_t valid_until;
	struct vv_en_week_items w;
};

static struct slot slots[NSLOTS];

const char *vv_en_calcache_sig(vv_req_t *r, const struct vv_en_viewer *v)
{
	(void)v; /* the signed-in user's own rows: the session read them */
	return vv_req_changes(r);
}

static struct slot *slot_of(const struct vv_en_viewer *v, int week)
{
	uint64_t h = (uint64_t)v->user * 0x9E3779B97F4A7C15ull ^ (uint64_t)v->tenant * 0xC2B2AE3D27D4EB4Full
		     ^ (uint64_t)week * 0x165667B19E3779F9ull;
	return &slots[(h >> 32) % NSLOTS];
}

static bool same_key(const struct slot *s, const struct vv_en_viewer *v, int week,
		     const char *first)
{
	return s->used && s->user == v->user && s->tenant == v->tenant && s->week == week &&
	       strcmp(s->first, first) == 0 && strcmp(s->dlang, v->dlang) == 0;
}

const struct vv_en_week_items *vv_en_calcache_get(const struct vv_en_viewer *v, int week,
						  const char *first, const char *sig,
						  int64_t now)
{
	if (!sig)
		return NULL;
	const struct slot *s = slot_of(v, week);
	if (!same_key(s, v, week, first) || s->valid_until <= now || strcmp(s->sig, sig) != 0)
		return NULL;
	return &s->w;
}

static void clear(struct slot *s)
{
	for (size_t i = 0; i < s->w.n; i++) {
		struct vv_en_item *it = &s->w.item[i];
		free(it->uuid);
		free(it->name);
		free(it->lang);
		free(it->mine);
	}
	free(s->w.item);
	free(s->sig);
	memset(s, 0, sizeof(*s));
}

/* strdup that keeps NULL; *ok turns false when out of memory. */
static char *dup(const char *p, bool *ok)
{
	if (!p)
		return NULL;
	char *c = strdup(p);
	if (!c)
		*ok = false;
	return c;
}

void vv_en_calcache_put(const struct vv_en_viewer *v, int week, const char *first,
			const char *sig, const struct vv_en_week_items *w, int64_t valid_until)
{
	if (!sig || strlen(first) >= sizeof(((struct slot *)0)->first) ||
	    strlen(v->dlang) >= sizeof(((struct slot *)0)->dlang))
		return;
	struct slot *s = slot_of(v, week);
	clear(s);
	bool ok = true;
	s->sig = dup(sig, &ok);
	s->w.item = w->n ? calloc(w->n, sizeof(*s->w.item)) : NULL;
	if (w->n && !s->w.item)
		ok = false;
	for (size_t i = 0; ok && i < w->n; i++) {
		struct vv_en_item *to = &s->w.item[i];
		*to = w->item[i];
		to->uuid = dup(w->item[i].uuid, &ok);
		to->name = dup(w->item[i].name, &ok);
		to->lang = dup(w->item[i].lang, &ok);
		to->mine = dup(w->item[i].mine, &ok);
		s->w.n = i + 1;
	}
	if (!ok) {
		clear(s); /* the next request reads the week again */
		return;
	}
	s->user = v->user;
	s->tenant = v->tenant;
	s->week = week;
	strcpy(s->first, first);
	strcpy(s->dlang, v->dlang);
	int64_t cap = (int64_t)time(NULL) + MAX_AGE_S;
	s->valid_until = valid_until < cap ? valid_until : cap;
	s->used = true;
}
