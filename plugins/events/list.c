/* Muokkaa kalenteria: the list of events (R-EV-10) and cancelling one
 * after a confirmation (R-EV-12). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "events.h"

/* Rows on one page: a working fortnight or so of an organisation's events,
 * what fits a screen or two; the page's links go on to the next rows and
 * back (?page=n, from 0). Paged in the database (LIMIT/OFFSET over the
 * tenant's index in time order), so a page costs the same however many
 * events the organisation holds. */
#define LIST_PAGE VV_EVENTS_LIST_PAGE
#define LIST_PAGES_MAX 2000 /* a larger ?page= is the last one that may be asked for */

/* The page's <events> from rows (read now or kept). */
static void emit(vv_req_t *r, bool past, int64_t page, const struct vv_events_rows *rows)
{
	/* The last two are a series' rule, given as its own elements. */
	static const char *const cols[VV_EVENTS_LIST_COLS - 2] = {
		"uuid", "name", "type", "starts", "ends", "duration", "enrolled", "max", "series"};
	vv_events_flash(r);
	xmlNodePtr list = vv_xml_add(vv_page(r), "events");
	vv_xml_attr(list, "past", past ? "1" : "0");
	vv_xml_attr_int(list, "page", page);
	vv_xml_attr(list, "more", rows->more ? "1" : "0");
	for (int i = 0; i < rows->n; i++) {
		xmlNodePtr e = vv_xml_add(list, "event");
		for (int k = 0; k < VV_EVENTS_LIST_COLS - 2; k++)
			vv_xml_attr(e, cols[k], rows->cell[i][k]);
		/* A series' occurrence: the page groups them under one row. */
		if (rows->cell[i][8]) {
			vv_xml_attr(e, "every", rows->cell[i][10]);
			vv_events_wdays_xml(e, (unsigned)strtoul(rows->cell[i][9] ? rows->cell[i][9] : "0", NULL, 10));
		}
	}
}

int vv_events_list(vv_req_t *r)
{
	const char *q = vv_req_query(r, "past");
	const bool past = q && strcmp(q, "1") == 0;
	const int64_t page = vv_req_page(r, LIST_PAGES_MAX);
	const int64_t now = (int64_t)time(NULL);
	/* The first upcoming page from this worker's copy (listcache.c). */
	const bool keep = !past && page == 0;
	/* The tenant's rows only ("t=...;c=..."): the reader's own row
	 * changes nothing here, and the tenant's operators share the copy. */
	const char *sig = keep ? vv_req_changes(r) : NULL;
	sig = sig && strchr(sig, ';') ? strchr(sig, ';') + 1 : NULL;
	const struct vv_events_rows *kept = vv_events_listcache_get(vv_req_tenant_id(r), sig, now);
	if (kept) {
		emit(r, past, page, kept);
		return 200;
	}
	int err = 0;
	/* Upcoming: not yet over, soonest first; past: over, latest first.
	 * One row more than the page says whether there is a next page. The
	 * page's ids come first, read in order from the tenant's index (named:
	 * left to itself the optimizer may start from the types and sort all
	 * of the tenant's events), and only those rows get their name and
	 * count. Past events are read backwards from now (an event that is
	 * over has begun: the start bound only lets the index begin there). */
#define LIST_COLUMNS \
	"SELECT e.uuid, " VV_CARE_EVENT_NAME("e.id", "?") "," \
	" t.name, e.starts_at, e.ends_at, e.duration_minutes," \
	" " VV_CARE_PEOPLE("e.id") ", e.max_participants, s.uuid, s.weekdays, s.every_weeks," \
	" UNIX_TIMESTAMP(e.ends_at) FROM ("
#define LIST_JOIN \
	" STRAIGHT_JOIN event_types t ON t.id = e.type_id AND t.tenant_id = e.tenant_id"
	/* A series' occurrences carry its uuid and rule: the page groups them
	 * under one row that opens (events-list.xsl). */
#define LIST_SERIES \
	" LEFT JOIN event_series s ON s.id = e.series_id AND s.tenant_id = e.tenant_id"
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		past ?
		LIST_COLUMNS
		" SELECT e.id FROM events e FORCE INDEX (ix_events_tenant_time)" LIST_JOIN
		" WHERE e.tenant_id = ? AND e.status <> 'cancelled' AND e.ends_at <= UTC_TIMESTAMP()"
		" AND e.starts_at <= UTC_TIMESTAMP()"
		" ORDER BY e.starts_at DESC, e.id DESC LIMIT ? OFFSET ?"
		") v JOIN events e ON e.id = v.id" LIST_JOIN LIST_SERIES
		" ORDER BY e.starts_at DESC, e.id DESC"
		:
		LIST_COLUMNS
		" SELECT e.id FROM events e FORCE INDEX (ix_events_tenant_start)" LIST_JOIN
		" WHERE e.tenant_id = ? AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP()"
		" ORDER BY e.starts_at, e.id LIMIT ? OFFSET ?"
		") v JOIN events e ON e.id = v.id" LIST_JOIN LIST_SERIES
		" ORDER BY e.starts_at, e.id",
		VV_DB_ARGS(VV_DB_S(vv_tenant_language(r)), VV_DB_I(vv_req_tenant_id(r)),
			   VV_DB_I(LIST_PAGE + 1), VV_DB_I(page * LIST_PAGE)));
#undef LIST_COLUMNS
#undef LIST_JOIN
#undef LIST_SERIES
	if (!res)
		return err ? err : VV_ERR;
	struct vv_events_rows *rows = vv_alloc(vv_req_arena(r), sizeof(*rows));
	memset(rows, 0, sizeof(*rows));
	rows->more = vv_db_rows(res) > LIST_PAGE;
	int64_t until = INT64_MAX; /* the first end: that row leaves the list */
	while (rows->n < LIST_PAGE && vv_db_next(res)) {
		for (int k = 0; k < VV_EVENTS_LIST_COLS; k++)
			rows->cell[rows->n][k] = vv_db_str(res, (unsigned)k);
		int64_t ends = vv_db_int(res, VV_EVENTS_LIST_COLS, 0);
		if (ends < until)
			until = ends;
		rows->n++;
	}
	if (keep)
		vv_events_listcache_put(vv_req_tenant_id(r), sig, rows, until);
	emit(r, past, page, rows);
	return 200;
}

int vv_events_delete_form(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	xmlNodePtr n = vv_events_event_xml(r, vv_page(r), &e);
	return (rc = vv_events_series_xml(r, n, e.id)) < 0 ? rc : 200;
}

struct cancel_ctx {
	vv_req_t *r;
	const struct vv_events_event *e;
	struct vv_events_event *done; /* out: the series' occurrences cancelled */
	int n;
};

/* One event cancelled: its alarm stops, those invited hear of it, its
 * links stop working. 1, 0 when cancelled meanwhile, or a code. */
static int cancel_one(vv_arena_t *a, vv_req_t *r, int64_t id, const char *uuid, const char *room)
{
	int64_t tenant = vv_req_tenant_id(r);
	int rc = vv_care_event_cancel(a, tenant, id);
	if (rc <= 0)
		return rc;
	/* Guests and staff invited by e-mail get the cancellation (METHOD:CANCEL). */
	if ((rc = vv_care_notify(a, tenant, id, VV_CARE_CANCEL)) < 0)
		return rc;
	int64_t n = vv_db_exec(a,
		"UPDATE join_links SET revoked_at = UTC_TIMESTAMP()"
		" WHERE event_id = ? AND tenant_id = ? AND revoked_at IS NULL",
		VV_DB_ARGS(VV_DB_I(id), VV_DB_I(tenant)));
	if (n < 0)
		return (int)n;
	rc = vv_audit(r, "event.cancel", vv_sprintf(a, "event=%s room=%s", uuid, room));
	return rc < 0 ? rc : 1;
}

static int cancel_tx(vv_arena_t *a, void *p)
{
	struct cancel_ctx *c = p;
	int rc = cancel_one(a, c->r, c->e->id, c->e->uuid, c->e->room_id);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return VV_NOTFOUND; /* cancelled meanwhile */
	return 0;
}

/* The whole series (issue 16): this occurrence and every one of its series
 * not yet begun; those that took place are history and stay. */
static int cancel_series_tx(vv_arena_t *a, void *p)
{
	struct cancel_ctx *c = p;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT o.id, o.uuid, o.room_id, o.max_participants, o.record,"
		" UNIX_TIMESTAMP(o.starts_at), UNIX_TIMESTAMP(o.ends_at)"
		" FROM events e JOIN events o ON o.series_id = e.series_id AND o.tenant_id = e.tenant_id"
		" WHERE e.id = ? AND e.tenant_id = ? AND o.status = 'scheduled'"
		" AND (o.id = e.id OR o.starts_at > UTC_TIMESTAMP()) ORDER BY o.starts_at",
		VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_I(vv_req_tenant_id(c->r))));
	if (!res)
		return err ? err : VV_ERR;
	const int64_t rows = vv_db_rows(res);
	c->done = vv_alloc(a, sizeof(*c->done) * (size_t)(rows + 1));
	c->n = 0;
	while (c->n < rows && vv_db_next(res)) {
		struct vv_events_event *o = &c->done[c->n++];
		*o = (struct vv_events_event){
			.id = vv_db_int(res, 0, 0), .uuid = vv_db_str(res, 1), .room_id = vv_db_str(res, 2),
			.max_participants = vv_db_int(res, 3, 0), .record = vv_db_int(res, 4, 0) != 0,
			.starts_utc = vv_db_int(res, 5, 0), .ends_utc = vv_db_int(res, 6, 0),
		};
	}
	if (c->n == 0) {
		c->done = NULL; /* not of a series: this one alone */
		return cancel_tx(a, p);
	}
	int cancelled = 0;
	for (int i = 0; i < c->n; i++) {
		int rc = cancel_one(a, c->r, c->done[i].id, c->done[i].uuid, c->done[i].room_id);
		if (rc < 0)
			return rc;
		cancelled += rc;
	}
	return cancelled ? 0 : VV_NOTFOUND;
}

/* The room is useless without credentials once the event is cancelled,
 * so a backend that does not answer does not stop this. */
static void destroy_room(vv_req_t *r, const struct vv_events_event *e)
{
	const struct vv_video_ops *v = vv_video(r);
	if (v && v->destroy_room) {
		struct vv_video_room room = {
			.room_id = e->room_id, .event_uuid = e->uuid,
			.publishers = e->max_participants + 1, .record = e->record,
			.starts_at = e->starts_utc, .ends_at = e->ends_utc,
		};
		int rc = v->destroy_room(r, &room);
		if (rc < 0)
			vv_warn("events: could not destroy room %s of cancelled event %s (%d)",
				e->room_id, e->uuid, rc);
	} else {
		vv_warn("events: no video adapter to destroy room %s of cancelled event %s",
			e->room_id, e->uuid);
	}
}

int vv_events_delete_post(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	const bool series = strcmp(vv_form_trimmed(r, "scope"), "series") == 0;
	struct cancel_ctx c = {r, &e, NULL, 0};
	rc = vv_db_tx(vv_req_arena(r), series ? cancel_series_tx : cancel_tx, &c);
	if (rc < 0)
		return rc;
	if (!c.done)
		destroy_room(r, &e);
	for (int i = 0; c.done && i < c.n; i++)
		destroy_room(r, &c.done[i]);
	return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s/ecare/events?done=%s",
						   vv_req_lang(r), series ? "cancelled-series" : "cancelled"));
}
