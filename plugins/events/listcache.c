/* The first page of a tenant's upcoming events kept in this worker's
 * memory (events.h says for how long). Operators open Muokkaa kalenteria
 * to find this week's event, and the page's query (the 51 soonest events,
 * each with its name and count) answers the same until something in the
 * tenant changes or the first of them ends. The signature is the session's
 * vv_req_changes, read before the rows, so a change that commits in
 * between leaves an entry that is already old: a miss next time, never a
 * stale hit. One slot per tenant, direct-mapped by its id: tenants that
 * share a slot take turns (a refill, never a wrong page: the id is
 * compared). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "events.h"

#define NSLOTS 256
#define MAX_AGE_S 300

struct slot {
	int64_t tenant; /* 0: empty */
	char *sig;
	int64_t valid_until;
	struct vv_events_rows rows; /* cells malloc'd */
};

static struct slot slots[NSLOTS];

static void clear(struct slot *s)
{
	for (int i = 0; i < s->rows.n; i++)
		for (int k = 0; k < VV_EVENTS_LIST_COLS; k++)
			free((char *)s->rows.cell[i][k]);
	free(s->sig);
	memset(s, 0, sizeof(*s));
}

const struct vv_events_rows *vv_events_listcache_get(int64_t tenant, const char *sig, int64_t now)
{
	const struct slot *s = &slots[(uint64_t)tenant % NSLOTS];
	if (!sig || s->tenant != tenant || s->valid_until <= now || strcmp(s->sig, sig) != 0)
		return NULL;
	return &s->rows;
}

void vv_events_listcache_put(int64_t tenant, const char *sig, const struct vv_events_rows *rows,
			     int64_t valid_until)
{
	if (!sig || tenant <= 0)
		return;
	struct slot *s = &slots[(uint64_t)tenant % NSLOTS];
	clear(s);
	bool ok = (s->sig = strdup(sig)) != NULL;
	s->rows.more = rows->more;
	for (int i = 0; ok && i < rows->n; i++) {
		s->rows.n = i + 1;
		for (int k = 0; k < VV_EVENTS_LIST_COLS; k++) {
			const char *c = rows->cell[i][k];
			if (c && !(s->rows.cell[i][k] = strdup(c)))
				ok = false;
		}
	}
	if (!ok) {
		clear(s); /* the next request reads the page again */
		return;
	}
	int64_t cap = (int64_t)time(NULL) + MAX_AGE_S;
	s->valid_until = valid_until < cap ? valid_until : cap;
	s->tenant = tenant;
}
