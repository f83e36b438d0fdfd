/* GET /feed/{token}/calendar.ics (or without calendar.ics): the calendar
 * feed. Anonymous: the token is the key, and the tenant, the user and
 * what they may see come from its row, never from the request. An
 * unknown, revoked or malformed token, or a user who was deactivated, is
 * 404 (no hint which). The text is the same for the
 * same data on the same day (DTSTAMP is each entry's last change, the
 * VTIMEZONE spans whole days), so its hash is the ETag and a calendar
 * program polling every few minutes gets 304 until something changed. */
#include <string.h>
#include "feeds.h"

#define FEEDS_STR_(x) #x
#define FEEDS_STR(x) FEEDS_STR_(x)

/* Who the feed is for, from the token's row. */
struct owner {
	int64_t tenant, user;
	bool staff;
	const char *lang, *tz, *org;
};

static bool token_ok(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	return n >= 32 && n <= 64 && strspn(t, VV_TOKEN_CHARS) == n;
}

static int owner_of(vv_arena_t *a, const char *token, struct owner *o)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT f.tenant_id, f.user_id, u.role, COALESCE(u.language, t.language), t.timezone, t.name"
		" FROM feed_tokens f JOIN users u ON u.id = f.user_id AND u.tenant_id = f.tenant_id"
		" JOIN tenants t ON t.id = f.tenant_id"
		" WHERE f.token_hash = ? AND f.revoked_at IS NULL AND u.active = 1",
		VV_DB_ARGS(VV_DB_S(vv_token_hash(a, token))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	o->tenant = vv_db_int(res, 0, 0);
	o->user = vv_db_int(res, 1, 0);
	const char *role = vv_db_str(res, 2);
	o->staff = role && strcmp(role, "customer") != 0;
	o->lang = vv_db_str(res, 3);
	o->tz = vv_db_str(res, 4);
	o->org = vv_db_str(res, 5);
	if (!o->lang || (strcmp(o->lang, "fi") && strcmp(o->lang, "sv") && strcmp(o->lang, "en")))
		o->lang = "fi";
	return 0;
}

/* One entry before it is written: the span of the whole calendar is
 * known only when all are read. */
struct entry {
	struct vv_ics_event e;
	struct entry *next;
};

struct feed {
	vv_arena_t *a;
	const struct owner *o;
	const char *base; /* public_url without its last '/', or NULL */
	struct entry *first, **tail;
	int64_t lo, hi, last;
};

static void add(struct feed *f, const struct vv_ics_event *e)
{
	struct entry *n = vv_calloc(f->a, sizeof(*n));
	n->e = *e;
	*f->tail = n;
	f->tail = &n->next;
	if (e->start < f->lo)
		f->lo = e->start;
	if (e->end > f->hi)
		f->hi = e->end;
	if (e->stamp > f->last)
		f->last = e->stamp;
}

/* Which events: staff, every event of their tenant; a customer, what
 * their calendar shows them (their language, VV_CARE_SEES) and what they
 * hold a row in. Both: scheduled and ended ones from the last month on,
 * cancelled ones for a month after the cancellation. DTSTAMP: the last
 * recorded change of the event (vv_event_changed), its cancellation or
 * its creation. */
#define EV_COLUMNS                                                                      \
	"e.uuid, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at), e.status,"        \
	" FLOOR(UNIX_TIMESTAMP(GREATEST(e.created_at, COALESCE(e.cancelled_at, e.created_at),"    \
	"  COALESCE((SELECT c.changed_at FROM changes c WHERE c.kind = 'e' AND c.id = e.id)," \
	"   e.created_at))))" /* changed_at has microseconds: a whole second */
#define EV_WHEN                                                                         \
	" AND (e.status IN ('scheduled', 'ended') OR (e.status = 'cancelled'"              \
	"  AND e.cancelled_at > UTC_TIMESTAMP() - INTERVAL " FEEDS_STR(VV_FEEDS_CANCELLED_DAYS) " DAY))" \
	" AND e.ends_at > UTC_TIMESTAMP() - INTERVAL " FEEDS_STR(VV_FEEDS_PAST_DAYS) " DAY"

static int events(struct feed *f)
{
	const struct owner *o = f->o;
	vv_arena_t *a = f->a;
	int err = 0;
	vv_db_res_t *res;
	if (o->staff)
		res = vv_db_query(a, &err,
			"SELECT " EV_COLUMNS ", " VV_CARE_EVENT_NAME("e.id", "?") ","
			" " VV_CARE_EVENT_TEXT("description", "e.id", "?")
			" FROM events e WHERE e.tenant_id = ?" EV_WHEN " ORDER BY e.starts_at, e.id",
			VV_DB_ARGS(VV_DB_S(o->lang), VV_DB_S(o->lang), VV_DB_I(o->tenant)));
	else
		res = vv_db_query(a, &err,
			"SELECT " EV_COLUMNS ", x.name, x.description FROM events e"
			VV_CARE_TEXT_JOIN("JOIN", "e.id", "?")
			" WHERE ((x.language = ? AND " VV_CARE_SEES("?", "?") ") OR "
			VV_CARE_HOLDS("?", "?") ")" EV_WHEN " ORDER BY e.starts_at, e.id",
			VV_DB_ARGS(VV_DB_S(o->lang), VV_DB_S(o->lang), VV_DB_I(o->tenant), VV_DB_I(o->tenant),
				   VV_DB_I(o->user), VV_DB_I(o->tenant), VV_DB_I(o->user), VV_DB_I(o->tenant),
				   VV_DB_I(o->user)));
	if (!res)
		return err ? err : VV_ERR;
	while (vv_db_next(res)) {
		const char *uuid = vv_db_str(res, 0), *status = vv_db_str(res, 3);
		bool cancelled = status && strcmp(status, "cancelled") == 0;
		const char *url = !f->base ? NULL
			: o->staff ? vv_sprintf(a, "%s/%s/ecare/events/%s", f->base, o->lang, uuid)
			: vv_sprintf(a, "%s/%s/ecare/index/event/%s", f->base, o->lang, uuid);
		struct vv_ics_event e = {
			.uid = vv_sprintf(a, "%s@vvhome", uuid),
			/* A cancellation is a change a program must not ignore as stale. */
			.sequence = cancelled ? 1 : 0,
			.start = vv_db_int(res, 1, 0),
			.end = vv_db_int(res, 2, 0),
			.summary = vv_db_str(res, 5) ? vv_db_str(res, 5) : "",
			.description = vv_db_str(res, 6),
			.url = cancelled ? NULL : url,
			.organizer = o->org,
			.cancelled = cancelled,
			.stamp = vv_db_int(res, 4, 0),
		};
		add(f, &e);
	}
	return 0;
}

/* Whether the recordings plugin's table is there (it may not be loaded). */
static bool have_recordings(vv_arena_t *a)
{
	static bool known;
	if (known)
		return true;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT 1 FROM information_schema.tables"
		" WHERE table_schema = DATABASE() AND table_name = 'recordings'", VV_DB_NONE);
	known = res && vv_db_next(res);
	return known;
}

/* A customer's recordings (as their calendar shows them: their types and
 * shared groups, their language), one all-day entry per day they show on,
 * from a month back to VV_FEEDS_AHEAD_DAYS ahead. Written out rather than
 * as RRULE: "monthly" falls on the month's last day when it is shorter, a
 * rule calendar programs do not share. */
static int recordings(struct feed *f, int64_t now)
{
	const struct owner *o = f->o;
	vv_arena_t *a = f->a;
	if (o->staff || !have_recordings(a))
		return 0;
	struct vv_date today, from, to;
	if (vv_date_today(o->tz, now, &today) != 0)
		return VV_ERR;
	from = vv_date_add_days(today, -VV_FEEDS_PAST_DAYS);
	to = vv_date_add_days(today, VV_FEEDS_AHEAD_DAYS);
	const char *first = vv_sprintf(a, "%04d-%02d-%02d", from.y, from.m, from.d);
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT e.uuid, " VV_CARE_RECORDING_TITLE("e.id", "e.title", "?") ","
		" UNIX_TIMESTAMP(e.starts_at), e.until_date, e.`repeat`,"
		" UNIX_TIMESTAMP(e.created_at) FROM recordings e"
		" WHERE e.status = 'active' AND (e.until_date IS NULL OR e.until_date >= ?)"
		" AND FIND_IN_SET(?, e.languages) AND " VV_CARE_SEES("?", "?")
		" ORDER BY e.starts_at, e.id",
		VV_DB_ARGS(VV_DB_S(o->lang), VV_DB_S(first), VV_DB_S(o->lang), VV_DB_I(o->tenant), VV_DB_I(o->tenant),
			   VV_DB_I(o->user), VV_DB_I(o->tenant), VV_DB_I(o->user)));
	if (!res)
		return err ? err : VV_ERR;
	enum { MAXDAYS = VV_FEEDS_PAST_DAYS + VV_FEEDS_AHEAD_DAYS + 1 };
	struct vv_date *days = vv_alloc(a, MAXDAYS * sizeof(*days));
	while (vv_db_next(res)) {
		struct vv_local l;
		struct vv_date start, until;
		enum vv_repeat rep;
		if (vv_time_to_local(o->tz, vv_db_int(res, 2, 0), &l) != 0 ||
		    vv_repeat_parse(vv_db_str(res, 4), &rep) != 0)
			continue;
		start = (struct vv_date){ .y = l.y, .m = l.m, .d = l.d };
		if (vv_db_is_null(res, 3) || vv_time_parse_date(vv_db_str(res, 3), &until) != 0)
			until = start;
		int n = vv_repeat_days(rep, start, until, from, to, days, MAXDAYS);
		const char *uuid = vv_db_str(res, 0);
		for (int i = 0; i < n; i++) {
			int64_t at;
			/* Noon exists on every day of every zone. */
			if (vv_time_from_local(o->tz, days[i].y, days[i].m, days[i].d, 12, 0, &at, NULL) != 0)
				continue;
			struct vv_ics_event e = {
				.uid = vv_sprintf(a, "%s-%04d%02d%02d@vvhome", uuid, days[i].y, days[i].m,
						  days[i].d),
				.start = at, .end = at, .all_day = 1,
				.summary = vv_db_str(res, 1) ? vv_db_str(res, 1) : "",
				.url = f->base ? vv_sprintf(a, "%s/%s/ecare/recording/%s", f->base, o->lang, uuid)
					       : NULL,
				.organizer = o->org,
				.stamp = vv_db_int(res, 5, 0),
			};
			add(f, &e);
		}
	}
	return 0;
}

static const char *http_date(vv_arena_t *a, int64_t t)
{
	static const char *wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct vv_local l;
	if (vv_time_to_local("UTC", t, &l) != 0)
		return NULL;
	return vv_sprintf(a, "%s, %02d %s %04d %02d:%02d:%02d GMT", wd[l.wday % 7], l.d, mon[l.m - 1], l.y, l.hh,
			  l.mm, l.ss);
}

int vv_feeds_serve(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *token = vv_req_arg(r, "token");
	if (!token_ok(token))
		return 404;
	struct owner o;
	int rc = owner_of(a, token, &o);
	if (rc == VV_NOTFOUND)
		return 404;
	if (rc < 0)
		return rc;
	int64_t now = 0;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, "SELECT UNIX_TIMESTAMP(UTC_TIMESTAMP())", VV_DB_NONE);
	if (!res || !vv_db_next(res))
		return err ? err : VV_ERR;
	now = vv_db_int(res, 0, 0);
	/* The span starts on a whole day, so the text stays the same all day. */
	int64_t day = now - now % 86400;
	struct feed f = { .a = a, .o = &o, .base = vv_public_url(a),
			  .lo = day, .hi = day + 86400 };
	f.tail = &f.first;
	if ((rc = events(&f)) < 0 || (rc = recordings(&f, now)) < 0)
		return rc;
	/* Named in the reader's language: "Kalenteri – Org" (X-WR-CALNAME). */
	const char *args[] = { o.org };
	vv_ics_t *c = vv_ics_begin(a, NULL, o.tz, f.lo, f.hi,
				   vv_text(a, o.lang, o.staff ? "feeds.calname.staff" : "feeds.calname", args, 1));
	if (!c)
		return VV_ERR;
	for (struct entry *e = f.first; e; e = e->next)
		if (vv_ics_event(c, &e->e) != 0)
			vv_warn("feeds: entry %s left out", e->e.uid);
	size_t len;
	const char *body = vv_ics_end(c, &len);
	const char *etag = vv_sprintf(a, "\"%.32s\"", vv_token_hash(a, body));
	vv_resp_header(r, "ETag", etag);
	if (f.last > 0) {
		const char *lm = http_date(a, f.last);
		if (lm)
			vv_resp_header(r, "Last-Modified", lm);
	}
	/* Private: the address is a secret, no shared cache keeps it. */
	vv_resp_header(r, "Cache-Control", "private, max-age=300");
	vv_resp_header(r, "X-Robots-Tag", "noindex");
	const char *inm = vv_req_header(r, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		vv_resp_body(r, "text/calendar; charset=utf-8", "", 0);
		return 304;
	}
	vv_resp_body(r, "text/calendar; charset=utf-8", body, len);
	return 200;
}
