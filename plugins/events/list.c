/* Muokkaa kalenteria: the list of events (R-EV-10) and cancelling one
 * after a confirmation (R-EV-12). */
#include <stdint.h>
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

/* The page ?page= asks for: a whole number, clamped; anything else 0. */
static int64_t page_param(vv_req_t *r)
{
	const char *q = vv_req_query(r, "page");
	int64_t n = 0;
	if (!q || !*q || strlen(q) > 6)
		return 0;
	for (const char *c = q; *c; c++) {
		if (*c < '0' || *c > '9')
			return 0;
		n = n * 10 + (*c - '0');
	}
	return n > LIST_PAGES_MAX ? LIST_PAGES_MAX : n;
}

/* The page's <events> from rows (read now or kept). */
static void emit(vv_req_t *r, bool past, int64_t page, const struct vv_events_rows *rows)
{
	static const char *const cols[VV_EVENTS_LIST_COLS] = {
		"uuid", "name", "type", "starts", "ends", "duration", "enrolled", "max"};
	vv_events_flash(r);
	xmlNodePtr list = vv_xml_add(vv_page(r), "events");
	vv_xml_attr(list, "past", past ? "1" : "0");
	vv_xml_attr_int(list, "page", page);
	vv_xml_attr(list, "more", rows->more ? "1" : "0");
	for (int i = 0; i < rows->n; i++) {
		xmlNodePtr e = vv_xml_add(list, "event");
		for (int k = 0; k < VV_EVENTS_LIST_COLS; k++)
			vv_xml_attr(e, cols[k], rows->cell[i][k]);
	}
}

int vv_events_list(vv_req_t *r)
{
	const char *q = vv_req_query(r, "past");
	const bool past = q && strcmp(q, "1") == 0;
	const int64_t page = page_param(r);
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
	" " VV_CARE_PEOPLE("e.id") ", e.max_participants, UNIX_TIMESTAMP(e.ends_at) FROM ("
#define LIST_JOIN \
	" STRAIGHT_JOIN event_types t ON t.id = e.type_id AND t.tenant_id = e.tenant_id"
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		past ?
		LIST_COLUMNS
		" SELECT e.id FROM events e FORCE INDEX (ix_events_tenant_time)" LIST_JOIN
		" WHERE e.tenant_id = ? AND e.status <> 'cancelled' AND e.ends_at <= UTC_TIMESTAMP()"
		" AND e.starts_at <= UTC_TIMESTAMP()"
		" ORDER BY e.starts_at DESC, e.id DESC LIMIT ? OFFSET ?"
		") v JOIN events e ON e.id = v.id" LIST_JOIN
		" ORDER BY e.starts_at DESC, e.id DESC"
		:
		LIST_COLUMNS
		" SELECT e.id FROM events e FORCE INDEX (ix_events_tenant_start)" LIST_JOIN
		" WHERE e.tenant_id = ? AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP()"
		" ORDER BY e.starts_at, e.id LIMIT ? OFFSET ?"
		") v JOIN events e ON e.id = v.id" LIST_JOIN
		" ORDER BY e.starts_at, e.id",
		VV_DB_ARGS(VV_DB_S(vv_tenant_language(r)), VV_DB_I(vv_req_tenant_id(r)),
			   VV_DB_I(LIST_PAGE + 1), VV_DB_I(page * LIST_PAGE)));
#undef LIST_COLUMNS
#undef LIST_JOIN
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
	vv_events_event_xml(r, vv_page(r), &e);
	return 200;
}

struct cancel_ctx {
	vv_req_t *r;
	const struct vv_events_event *e;
};

static int cancel_tx(vv_arena_t *a, void *p)
{
	struct cancel_ctx *c = p;
	int64_t tenant = vv_req_tenant_id(c->r);
	int rc = vv_care_event_cancel(a, tenant, c->e->id); /* its alarm stops */
	if (rc < 0)
		return rc;
	if (rc == 0)
		return VV_NOTFOUND; /* cancelled meanwhile */
	/* Guests and staff invited by e-mail get the cancellation (METHOD:CANCEL). */
	if ((rc = vv_care_notify(a, tenant, c->e->id, VV_CARE_CANCEL)) < 0)
		return rc;
	int64_t n = vv_db_exec(a,
		"UPDATE join_links SET revoked_at = UTC_TIMESTAMP()"
		" WHERE event_id = ? AND tenant_id = ? AND revoked_at IS NULL",
		VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_I(tenant)));
	if (n < 0)
		return (int)n;
	return vv_audit(c->r, "event.cancel",
			vv_sprintf(a, "event=%s room=%s", c->e->uuid, c->e->room_id));
}

int vv_events_delete_post(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	struct cancel_ctx c = {r, &e};
	rc = vv_db_tx(vv_req_arena(r), cancel_tx, &c);
	if (rc < 0)
		return rc;
	/* The room is useless without credentials once the event is
	 * cancelled, so a backend that does not answer does not stop this. */
	const struct vv_video_ops *v = vv_video(r);
	if (v && v->destroy_room) {
		struct vv_video_room room = {
			.room_id = e.room_id, .event_uuid = e.uuid,
			.publishers = e.max_participants + 1, .record = e.record,
			.starts_at = e.starts_utc, .ends_at = e.ends_utc,
		};
		rc = v->destroy_room(r, &room);
		if (rc < 0)
			vv_warn("events: could not destroy room %s of cancelled event %s (%d)",
				e.room_id, e.uuid, rc);
	} else {
		vv_warn("events: no video adapter to destroy room %s of cancelled event %s",
			e.room_id, e.uuid);
	}
	return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s/ecare/events?done=cancelled",
						   vv_req_lang(r)));
}
