/* An event's page in the calendar and enrolling in it (R-EN-2, R-EN-3).
 *
 * Every change runs in one transaction that first locks the event's row
 * (SELECT ... FOR UPDATE), as the participants plugin does: all writers of
 * an event's participants take turns, so the count of enrolled customers
 * read under the lock is the truth, capacity is never exceeded however
 * many enrol at once, and events.enrolled stays equal to that count.
 * Customers count against max_participants; staff (kind 'staff') do not. */
#include <string.h>
#include <time.h>
#include "enrolment.h"

enum { EN_OK = 0, EN_FULL = 1, EN_CLOSED = 2, EN_GONE = 3 };

/* How long before its start event e's room opens: its tenant's
 * room_open_minutes (Asetukset), five minutes without a row. */
static int64_t room_open_seconds(vv_req_t *r, const struct vv_en_event *e)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT tp.room_open_minutes FROM events e JOIN tenant_policies tp ON tp.tenant_id = e.tenant_id"
		" WHERE e.id = ?", VV_DB_ARGS(VV_DB_I(e->id)));
	int64_t m = res && vv_db_next(res) ? vv_db_int(res, 0, 5) : 5;
	return (m > 0 ? m : 5) * 60;
}

/* Adds <event .../> for the page: what the viewer may know of it. */
static void event_xml(vv_req_t *r, const struct vv_en_viewer *v, const struct vv_en_event *e)
{
	xmlNodePtr n = vv_xml_add(vv_page(r), "event");
	vv_xml_attr(n, "uuid", e->uuid);
	vv_xml_attr(n, "name", e->name);
	vv_xml_attr(n, "text-lang", e->text_lang);
	vv_xml_attr_int(n, "starts", e->starts);
	vv_xml_attr_int(n, "ends", e->ends);
	vv_xml_attr_int(n, "max", e->max);
	vv_xml_attr_int(n, "enrolled", e->enrolled);
	vv_xml_attr_int(n, "people", e->people);
	vv_xml_attr_int(n, "seats", e->enrolled < e->max ? e->max - e->enrolled : 0);
	vv_xml_attr(n, "full", e->enrolled >= e->max ? "1" : "0");
	vv_xml_attr(n, "open", e->open ? "1" : "0");
	vv_xml_attr(n, "staff", v->staff ? "1" : "0");
	vv_xml_attr(n, "mine", e->mine);
	if (e->record)
		vv_xml_attr(n, "record", "1");
	if (e->position > 0)
		vv_xml_attr_int(n, "position", e->position);
	/* "Back to the calendar" returns to the week the event is on: the one
	 * the viewer came from, also after enrolling. */
	int64_t now = (int64_t)time(NULL);
	vv_xml_attr_int(n, "week", vv_en_week_of(v->tz, now, e->starts));
	/* Enrolled and the room open (from the organiser's room_open_minutes
	 * before the start: one who comes early waits in the call's lobby):
	 * the way into the call, also for one who missed the alarm. */
	const char *call = vv_sprintf(vv_req_arena(r), "/ecare/call/%s", e->uuid);
	if (e->mine && strcmp(e->mine, "enrolled") == 0 && e->starts - room_open_seconds(r, e) <= now &&
	    now < e->ends && vv_route_exists("GET", call))
		vv_xml_attr(n, "call", vv_sprintf(vv_req_arena(r), "/%s%s", vv_req_lang(r), call));
	if (e->description && *e->description)
		vv_xml_text(n, "description", e->description);
}

int vv_en_event(vv_req_t *r)
{
	struct vv_en_viewer v;
	struct vv_en_event e;
	vv_en_viewer(r, &v);
	int rc = vv_en_event_load(r, &v, &e);
	if (rc < 0)
		return rc;
	event_xml(r, &v, &e);
	vv_en_flash(r);
	return 200;
}

struct change_ctx;
/* One change, run under the event's lock (locked_tx). */
typedef int change_fn(vv_arena_t *a, struct change_ctx *c, const struct vv_care_event *locked);

struct change_ctx {
	vv_req_t *r;
	const struct vv_en_viewer *v;
	const struct vv_en_event *e;
	bool waitlist; /* enrol: join the waiting list when full */
	const char *done; /* out: enrolled, waiting, cancelled */
	change_fn *fn;
	int64_t have;       /* under the lock: the viewer's row in the event, 0 none */
	const char *status; /* its status */
};

/* Locks the event (any tenant's: a partner's customer enrols in the
 * organiser's event) and runs the change while it still takes changes;
 * EN_CLOSED once it no longer does. */
static int locked_tx(vv_arena_t *a, void *p)
{
	struct change_ctx *c = p;
	struct vv_care_event locked;
	int err = 0;
	int rc = vv_care_lock(a, c->e->id, 0, &locked);
	if (rc < 0)
		return rc;
	if (!locked.open)
		return EN_CLOSED;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, status FROM event_participants WHERE event_id = ? AND user_id = ?",
		VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_I(c->v->user)));
	if (!res)
		return err ? err : VV_ERR;
	c->have = vv_db_next(res) ? vv_db_int(res, 0, 0) : 0;
	c->status = c->have ? vv_db_str(res, 1) : NULL;
	return c->fn(a, c, &locked);
}

static int enrol_tx(vv_arena_t *a, struct change_ctx *c, const struct vv_care_event *locked)
{
	const int64_t ev = c->e->id;
	int rc;
	if (!c->v->staff) {
		/* Seen again under the event's lock: an admin who just took the
		 * type or share away (plugins/types revoke) locks the same row, so
		 * an enrolment cannot slip in between their check and ours. A row
		 * staff added keeps the event theirs (a second press is a no-op). */
		rc = vv_care_sees(a, ev, c->v->tenant, c->v->user);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return EN_GONE;
	}
	const int64_t have = c->have;
	if (have && c->status && strcmp(c->status, "enrolled") == 0) {
		c->done = "enrolled"; /* a second press: nothing to do */
		return EN_OK;
	}
	const char *kind = c->v->staff ? "staff" : "customer";
	const char *want = "enrolled";
	if (!c->v->staff) {
		struct vv_care_count n;
		if ((rc = vv_care_count(a, ev, &n)) < 0)
			return rc;
		if (n.seated >= locked->capacity) {
			if (have) {
				c->done = "waiting"; /* already in the queue */
				return EN_OK;
			}
			if (!c->waitlist)
				return EN_FULL;
			want = "waiting";
		}
	}
	if (have) {
		rc = vv_care_set_status(a, locked, have, want);
	} else {
		/* No e-mail in the row: the user's own address is read through
		 * user_id, and a guest's address (unique per event) must not clash
		 * with it. added_by stays 0: only a row staff added (participants
		 * plugin) outlives a revoked type or share (vv_access_revoke). */
		const struct vv_care_row row = {
			.tenant_id = c->v->tenant, .user_id = c->v->user, .kind = kind, .status = want,
		};
		int64_t id = vv_care_join(a, locked, &row);
		rc = id < 0 ? (int)id : 0;
	}
	if (rc < 0)
		return rc;
	rc = vv_event_changed(a, ev);
	if (rc < 0)
		return rc;
	c->done = strcmp(want, "waiting") == 0 ? "waiting" : "enrolled";
	rc = vv_audit(c->r, strcmp(want, "waiting") == 0 ? "enrolment.waitlist" : "enrolment.enrol",
		      vv_sprintf(a, "event=%s kind=%s", c->e->uuid, kind));
	return rc < 0 ? rc : EN_OK;
}

static int cancel_tx(vv_arena_t *a, struct change_ctx *c, const struct vv_care_event *locked)
{
	const int64_t ev = c->e->id, id = c->have;
	int rc;
	c->done = "cancelled";
	if (!id)
		return EN_OK; /* not enrolled (a second press): nothing to do */
	if ((rc = vv_care_leave(a, c->r, locked, id)) < 0)
		return rc;
	rc = vv_event_changed(a, ev);
	if (rc < 0)
		return rc;
	rc = vv_audit(c->r, "enrolment.cancel",
		      vv_sprintf(a, "event=%s participant=%lld", c->e->uuid, (long long)id));
	return rc < 0 ? rc : EN_OK;
}

/* 303 to the calendar on the week of the event, with the notice done. */
static int to_calendar(vv_req_t *r, const struct vv_en_viewer *v, const struct vv_en_event *e,
		       const char *done)
{
	vv_arena_t *a = vv_req_arena(r);
	int week = vv_en_week_of(v->tz, (int64_t)time(NULL), e->starts);
	return vv_resp_redirect(r, 303,
		week > 0 ? vv_sprintf(a, "/%s/ecare/index/calendar?done=%s&week=%d", vv_req_lang(r),
				      done, week)
			 : vv_sprintf(a, "/%s/ecare/index/calendar?done=%s", vv_req_lang(r), done));
}

/* Runs one change and answers: 303 to the event's page with a notice, or
 * the page again with the plain message (422). */
static int change(vv_req_t *r, change_fn *fn, bool waitlist)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_en_viewer v;
	struct vv_en_event e;
	vv_en_viewer(r, &v);
	int rc = vv_en_event_load(r, &v, &e);
	if (rc < 0)
		return rc;
	struct change_ctx c = {.r = r, .v = &v, .e = &e, .waitlist = waitlist, .fn = fn};
	rc = e.open ? vv_db_tx(a, locked_tx, &c) : EN_CLOSED;
	if (rc < 0)
		return rc;
	/* The type or share that showed them the event was taken away while
	 * they pressed: it is no longer theirs to see, so the calendar says
	 * why instead of its page. */
	if (rc == EN_GONE)
		return to_calendar(r, &v, &e, "unavailable");
	if (rc == EN_OK) {
		/* A customer staff added to an event they are not assigned no
		 * longer sees it once they cancel: the calendar says it instead. */
		struct vv_en_event now;
		rc = vv_en_event_load(r, &v, &now);
		if (rc < 0 && rc != VV_NOTFOUND)
			return rc;
		if (rc == VV_NOTFOUND)
			return to_calendar(r, &v, &e, c.done);
		return vv_resp_redirect(r, 303,
			vv_sprintf(a, "/%s/ecare/index/event/%s?done=%s", vv_req_lang(r), e.uuid, c.done));
	}
	/* Show the page as it is now, with the plain message at the top
	 * (UX.md: "Tapahtuma on täynnä") and, when full, the waiting list. */
	const int outcome = rc;
	rc = vv_en_event_load(r, &v, &e);
	if (rc < 0)
		return rc;
	if (outcome == EN_FULL)
		vv_form_error(r, "enrol", "enrol.err.full");
	else
		vv_form_error(r, "enrol", "enrol.err.closed");
	event_xml(r, &v, &e);
	return 422;
}

int vv_en_enrol(vv_req_t *r)
{
	const char *w = vv_req_form(r, "waitlist");
	return change(r, enrol_tx, w && strcmp(w, "1") == 0);
}

int vv_en_cancel(vv_req_t *r)
{
	return change(r, cancel_tx, false);
}
