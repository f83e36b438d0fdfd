/* The VV Home calendar (R-EN-1, R-NAV-3): one week a page in the tenant's
 * zone, each day with its recordings (all day) and its events in time
 * order. Week 0 (no ?week=) is today and the six days after it; ?week=n the
 * seven days from today + 7n, up to vv_en_weeks_ahead() (enrolment.h says
 * why rolling weeks, vv_en_week_param in plugin.c why a bad ?week= is
 * clamped). Customers see what is assigned to them, in their device
 * language, and the events they hold a row in (enrolment.h); staff see
 * their tenant's events and recordings, so that they can enrol in events
 * they did not create (R-EN-2).
 *
 * Document: <calendar today now dlang staff week weeks>
 *             <day date at index today?> <recording uuid title/> <event .../> </day> x7
 *           </calendar>
 * (@at is noon of the day, a UTC instant vv:datetime can name the day by;
 * @week is the page, @weeks the last page there is.) */
#include <stdint.h>
#include <string.h>
#include <time.h>
#include "enrolment.h"

struct week {
	int n;                  /* 0 = the week that starts today */
	struct vv_date first;   /* its first day */
	int64_t from, to;       /* UTC: first's start, the start of the day after the week */
	xmlNodePtr day[VV_EN_DAYS];
};

/* Index of the day utc falls on; in week 0 events begun before today count
 * as today's (they still run); -1 when outside the week. */
static int day_index(const struct vv_en_viewer *v, const struct week *w, int64_t utc)
{
	struct vv_date d;
	if (vv_en_local_date(v->tz, utc, &d) != 0)
		return -1;
	int i = vv_date_diff(w->first, d);
	if (i < 0 && w->n == 0)
		i = 0;
	return i >= 0 && i < VV_EN_DAYS ? i : -1;
}

/* A new item at the end of items (arena memory, grown by doubling). */
static struct vv_en_item *push(vv_arena_t *a, struct vv_en_week_items *items, size_t *cap)
{
	if (items->n == *cap) {
		size_t n = *cap ? 2 * *cap : 32;
		struct vv_en_item *more = vv_alloc(a, n * sizeof(*more));
		if (items->n)
			memcpy(more, items->item, items->n * sizeof(*more));
		items->item = more;
		*cap = n;
	}
	struct vv_en_item *it = &items->item[items->n++];
	memset(it, 0, sizeof(*it));
	return it;
}

static char *arena_str(vv_arena_t *a, const char *s)
{
	return s ? vv_sprintf(a, "%s", s) : NULL;
}

static int add_events(vv_req_t *r, const struct vv_en_viewer *v, struct week *w,
		      struct vv_en_week_items *items, size_t *cap)
{
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	vv_db_res_t *res;
	/* Week 0 also holds what began before today and still runs. */
	const int64_t lo = w->n == 0 ? 0 : w->from;
#define CAL_COLUMNS                                                                      \
	"e.uuid, x.name, x.language, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at)," \
	" e.max_participants, e.enrolled, p.status, " VV_CARE_PEOPLE("e.id") ", e.record"
	if (v->staff) {
		res = vv_db_query(a, &err,
			"SELECT " CAL_COLUMNS " FROM events e"
			VV_CARE_TEXT_JOIN("LEFT JOIN", "e.id", "?")
			" LEFT JOIN event_participants p ON p.event_id = e.id AND p.user_id = ?"
			" WHERE e.tenant_id = ? AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP()"
			" AND e.starts_at >= FROM_UNIXTIME(?) AND e.starts_at < FROM_UNIXTIME(?)"
			" ORDER BY e.starts_at, e.id",
			VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(v->user), VV_DB_I(v->tenant),
				   VV_DB_I(lo), VV_DB_I(w->to)));
	} else {
		/* What is assigned to them in their language, and every event they
		 * hold a row in (staff added them, R-PA-2) with its state:
		 * VV_CARE_SEES OR VV_CARE_HOLDS written as a UNION of its three
		 * parts, each driven by an index from the customer's own few rows
		 * (their types, their chosen shared groups, their participant
		 * rows) to the events in the week, so that the page reads the
		 * same few rows however many events the platform holds. Past
		 * events are 'ended' (the call plugin's tick), so week 0's open
		 * start (lo = 0) reads only the scheduled ones. */
#define CAL_RANGE \
	" AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP()" \
	" AND e.starts_at >= FROM_UNIXTIME(?) AND e.starts_at < FROM_UNIXTIME(?)"
		res = vv_db_query(a, &err,
			"SELECT " CAL_COLUMNS " FROM ("
			" SELECT e.id FROM type_customers tc"
			"  JOIN events e ON e.type_id = tc.type_id AND e.tenant_id = tc.tenant_id"
			"  JOIN event_texts l ON l.event_id = e.id AND l.language = ?"
			"  WHERE tc.tenant_id = ? AND tc.user_id = ?" CAL_RANGE
			" UNION SELECT e.id FROM group_customers gc"
			"  JOIN group_shares s ON s.group_id = gc.group_id AND s.tenant_id = gc.tenant_id"
			"  JOIN events e ON e.group_id = gc.group_id"
			"  JOIN event_texts l ON l.event_id = e.id AND l.language = ?"
			"  WHERE gc.tenant_id = ? AND gc.user_id = ?" CAL_RANGE
			" UNION SELECT e.id FROM event_participants h JOIN events e ON e.id = h.event_id"
			"  WHERE h.user_id = ? AND h.status IN ('enrolled', 'waiting') AND h.tenant_id = ?"
			CAL_RANGE
			") v JOIN events e ON e.id = v.id" VV_CARE_TEXT_JOIN("JOIN", "e.id", "?")
			/* by the event: the customer's own rows are years of them */
			" LEFT JOIN event_participants p FORCE INDEX (uq_participants_user)"
			"  ON p.event_id = e.id AND p.user_id = ?"
			" ORDER BY e.starts_at, e.id",
			VV_DB_ARGS(VV_DB_S(v->dlang), VV_DB_I(v->tenant), VV_DB_I(v->user), VV_DB_I(lo),
				   VV_DB_I(w->to), VV_DB_S(v->dlang), VV_DB_I(v->tenant), VV_DB_I(v->user),
				   VV_DB_I(lo), VV_DB_I(w->to), VV_DB_I(v->user), VV_DB_I(v->tenant),
				   VV_DB_I(lo), VV_DB_I(w->to), VV_DB_S(v->dlang), VV_DB_I(v->user)));
#undef CAL_RANGE
	}
#undef CAL_COLUMNS
	if (!res)
		return err ? err : VV_ERR;
	while (vv_db_next(res)) {
		int64_t starts = vv_db_int(res, 3, 0);
		int i = day_index(v, w, starts);
		if (i < 0)
			continue;
		struct vv_en_item *it = push(a, items, cap);
		int64_t max = vv_db_int(res, 5, 0), enrolled = vv_db_int(res, 6, 0);
		it->day = i;
		it->event = true;
		it->uuid = arena_str(a, vv_db_str(res, 0));
		it->name = arena_str(a, vv_db_str(res, 1) ? vv_db_str(res, 1) : "");
		it->lang = arena_str(a, vv_db_str(res, 2));
		it->starts = starts;
		it->ends = vv_db_int(res, 4, 0);
		it->seats = enrolled < max ? max - enrolled : 0;
		it->mine = arena_str(a, vv_db_str(res, 7));
		it->people = vv_db_int(res, 8, 0);
		it->record = vv_db_int(res, 9, 0) != 0;
	}
	return 0;
}

/* Recordings show all day on their start day and repeat days (R-RE-2). */
static int add_recordings(vv_req_t *r, const struct vv_en_viewer *v, struct week *w,
			  struct vv_en_week_items *items, size_t *cap)
{
	if (!vv_en_have_recordings(r))
		return 0; /* schema/004 not applied yet */
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	const char *first = vv_en_date_str(a, w->first);
	vv_db_res_t *res;
#define REC_COLUMNS "e.uuid, " VV_CARE_RECORDING_TITLE("e.id", "e.title", "?") ", UNIX_TIMESTAMP(e.starts_at), e.until_date, e.`repeat`"
	if (v->staff) {
		res = vv_db_query(a, &err,
			"SELECT " REC_COLUMNS " FROM recordings e"
			" WHERE e.tenant_id = ? AND e.status = 'active' AND e.starts_at < FROM_UNIXTIME(?)"
			" AND (e.until_date IS NULL OR e.until_date >= ?) ORDER BY e.starts_at, e.id",
			VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(v->tenant), VV_DB_I(w->to),
				   VV_DB_S(first)));
	} else {
		/* Their types' recordings, and those of shared groups (as events),
		 * in their device language (R-EN-1): VV_CARE_SEES as a UNION of
		 * its two parts, each from the customer's own rows through an
		 * index. A recording without an end date shows on its own day
		 * only (vv_repeat_days from start to start), so it is read only
		 * when that day is in the week: from its local midnight. */
#define REC_WHEN \
	" AND e.status = 'active' AND e.starts_at < FROM_UNIXTIME(?)" \
	" AND (e.until_date >= ? OR (e.until_date IS NULL AND e.starts_at >= FROM_UNIXTIME(?)))" \
	" AND FIND_IN_SET(?, e.languages)"
		res = vv_db_query(a, &err,
			"SELECT " REC_COLUMNS " FROM ("
			" SELECT e.id FROM type_customers tc"
			"  JOIN recordings e ON e.type_id = tc.type_id AND e.tenant_id = tc.tenant_id"
			"  WHERE tc.tenant_id = ? AND tc.user_id = ?" REC_WHEN
			" UNION SELECT e.id FROM group_customers gc"
			"  JOIN group_shares s ON s.group_id = gc.group_id AND s.tenant_id = gc.tenant_id"
			"  JOIN recordings e ON e.group_id = gc.group_id"
			"  WHERE gc.tenant_id = ? AND gc.user_id = ?" REC_WHEN
			") v JOIN recordings e ON e.id = v.id ORDER BY e.starts_at, e.id",
			VV_DB_ARGS(VV_DB_S(v->dlang), VV_DB_I(v->tenant), VV_DB_I(v->user), VV_DB_I(w->to),
				   VV_DB_S(first), VV_DB_I(w->from), VV_DB_S(v->dlang), VV_DB_I(v->tenant), VV_DB_I(v->user),
				   VV_DB_I(w->to), VV_DB_S(first), VV_DB_I(w->from), VV_DB_S(v->dlang)));
#undef REC_WHEN
	}
#undef REC_COLUMNS
	if (!res)
		return err ? err : VV_ERR;
	while (vv_db_next(res)) {
		struct vv_date start, until, days[VV_EN_DAYS];
		enum vv_repeat rep;
		if (vv_en_local_date(v->tz, vv_db_int(res, 2, 0), &start) != 0 ||
		    vv_repeat_parse(vv_db_str(res, 4), &rep) != 0)
			continue;
		until = start;
		if (vv_db_str(res, 3) && vv_time_parse_date(vv_db_str(res, 3), &until) != 0)
			continue;
		int n = vv_repeat_days(rep, start, until, w->first,
				       vv_date_add_days(w->first, VV_EN_DAYS - 1), days, VV_EN_DAYS);
		for (int k = 0; k < n; k++) {
			int i = vv_date_diff(w->first, days[k]);
			if (i < 0 || i >= VV_EN_DAYS)
				continue;
			struct vv_en_item *it = push(a, items, cap);
			it->day = i;
			it->uuid = arena_str(a, vv_db_str(res, 0));
			it->name = arena_str(a, vv_db_str(res, 1));
		}
	}
	return 0;
}

/* The week from the database: recordings first in each day (they are
 * there all day), then the events in time order. */
static int read_week(vv_req_t *r, const struct vv_en_viewer *v, struct week *w,
		     struct vv_en_week_items *items)
{
	size_t cap = 0;
	int rc = add_recordings(r, v, w, items, &cap);
	return rc < 0 ? rc : add_events(r, v, w, items, &cap);
}

static void emit(struct week *w, const struct vv_en_week_items *items, int64_t now)
{
	for (size_t k = 0; k < items->n; k++) {
		const struct vv_en_item *it = &items->item[k];
		if (!it->event) {
			xmlNodePtr rec = vv_xml_add(w->day[it->day], "recording");
			vv_xml_attr(rec, "uuid", it->uuid);
			vv_xml_attr(rec, "title", it->name);
			continue;
		}
		xmlNodePtr n = vv_xml_add(w->day[it->day], "event");
		vv_xml_attr(n, "uuid", it->uuid);
		vv_xml_attr(n, "name", it->name);
		vv_xml_attr(n, "text-lang", it->lang);
		vv_xml_attr_int(n, "starts", it->starts);
		vv_xml_attr_int(n, "ends", it->ends);
		vv_xml_attr_int(n, "seats", it->seats);
		vv_xml_attr(n, "mine", it->mine);
		vv_xml_attr_int(n, "people", it->people);
		if (it->starts <= now)
			vv_xml_attr(n, "running", "1");
		if (it->record)
			vv_xml_attr(n, "record", "1");
	}
}

/* A customer's week from this worker's copy when nothing it depends on
 * changed (calcache.c), else from the database (and kept). */
static int customer_week(vv_req_t *r, const struct vv_en_viewer *v, struct week *w,
			 int64_t now)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *first = vv_en_date_str(a, w->first);
	const char *sig = vv_en_calcache_sig(r, v);
	const struct vv_en_week_items *kept = vv_en_calcache_get(v, w->n, first, sig, now);
	if (kept) {
		emit(w, kept, now);
		return 0;
	}
	struct vv_en_week_items items = {0, NULL};
	int rc = read_week(r, v, w, &items);
	if (rc < 0)
		return rc;
	/* An event leaves the week when it ends (the query asks ends_at > now). */
	int64_t until = INT64_MAX;
	for (size_t k = 0; k < items.n; k++)
		if (items.item[k].event && items.item[k].ends < until)
			until = items.item[k].ends;
	vv_en_calcache_put(v, w->n, first, sig, &items, until);
	emit(w, &items, now);
	return 0;
}

int vv_en_calendar(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_en_viewer v;
	vv_en_viewer(r, &v);
	struct week w;
	memset(&w, 0, sizeof(w));
	struct vv_date today;
	int64_t now = (int64_t)time(NULL);
	w.n = vv_en_week_param(r);
	if (vv_date_today(v.tz, now, &today) != 0)
		return VV_ERR;
	/* Bounds from the days' own starts, not + 7 x 24 h: a week with a DST
	 * change is an hour shorter or longer. */
	w.first = vv_date_add_days(today, VV_EN_DAYS * w.n);
	if (vv_en_day_start(v.tz, w.first, &w.from) != 0 ||
	    vv_en_day_start(v.tz, vv_date_add_days(w.first, VV_EN_DAYS), &w.to) != 0)
		return VV_ERR;

	xmlNodePtr cal = vv_xml_add(vv_page(r), "calendar");
	vv_xml_attr(cal, "today", vv_en_date_str(a, today));
	/* To the minute: the page names the time in hours and minutes
	 * (calendar.js moves the clock on), and a document that repeats for a
	 * minute is rendered once (the core's page cache). */
	vv_xml_attr_int(cal, "now", now - now % 60);
	vv_xml_attr(cal, "dlang", v.dlang);
	vv_xml_attr(cal, "staff", v.staff ? "1" : "0");
	vv_xml_attr_int(cal, "week", w.n);
	vv_xml_attr_int(cal, "weeks", vv_en_weeks_ahead());
	vv_en_flash(r); /* a cancelled event that is no longer theirs lands here */
	for (int i = 0; i < VV_EN_DAYS; i++) {
		struct vv_date d = vv_date_add_days(w.first, i);
		int64_t noon = 0;
		if (vv_time_from_local(v.tz, d.y, d.m, d.d, 12, 0, &noon, NULL) != 0)
			return VV_ERR;
		w.day[i] = vv_xml_add(cal, "day");
		vv_xml_attr(w.day[i], "date", vv_en_date_str(a, d));
		vv_xml_attr_int(w.day[i], "at", noon);
		vv_xml_attr_int(w.day[i], "index", i);
		if (vv_date_cmp(d, today) == 0)
			vv_xml_attr(w.day[i], "today", "1");
	}
	int rc;
	if (v.staff) {
		struct vv_en_week_items items = {0, NULL};
		rc = read_week(r, &v, &w, &items);
		if (rc == 0)
			emit(&w, &items, now);
	} else {
		rc = customer_week(r, &v, &w, now);
	}
	return rc < 0 ? rc : 200;
}
