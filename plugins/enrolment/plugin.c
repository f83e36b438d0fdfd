/* Plugin "enrolment": the route table and what its pages share - who is
 * looking, which events they may see, and calendar days in the tenant's
 * zone. */
#include <string.h>
#include "enrolment.h"

static const struct vv_route routes[] = {
	/* R-NAV-3: the guide's path; customers land here after signing in. */
	{"GET", "/ecare/index/calendar", vv_en_calendar, VV_ROLES_USER, 0, "calendar.xsl"},
	{"GET", "/ecare/index/event/{uuid}", vv_en_event, VV_ROLES_USER, 0, "calendar-event.xsl"},
	{"POST", "/ecare/index/event/{uuid}/enrol", vv_en_enrol, VV_ROLES_USER, 0,
	 "calendar-event.xsl"},
	{"POST", "/ecare/index/event/{uuid}/cancel", vv_en_cancel, VV_ROLES_USER, 0,
	 "calendar-event.xsl"},
	/* R-RE-2, R-RE-4 */
	{"GET", "/ecare/recording/{uuid}", vv_en_recording, VV_ROLES_USER, 0,
	 "calendar-recording.xsl"},
	{"GET", "/ecare/recording/{uuid}/video", vv_en_recording_video, VV_ROLES_USER, 0, NULL},
	{0},
};

/* The calendar: the last link of eCare Event for those who produce
 * events; professionals only enrol and join, so for them it is a button
 * of its own, first in the header. */
static const struct vv_menu_item menu[] = {
	{NULL, NULL, "nav.calendar", "/ecare/index/calendar", VV_ROLE_PROFESSIONAL, 10},
	{"nav.ecare", "nav.calendar-settings", "nav.calendar", "/ecare/index/calendar",
	 VV_ROLE_OPERATOR | VV_ROLE_ADMIN, 130},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "enrolment", .routes = routes, .menu = menu };

static bool lang_known(const char *l)
{
	return l && (strcmp(l, "fi") == 0 || strcmp(l, "sv") == 0 || strcmp(l, "en") == 0);
}

void vv_en_viewer(vv_req_t *r, struct vv_en_viewer *v)
{
	v->staff = (vv_req_role(r) & VV_ROLES_STAFF) != 0;
	v->user = vv_req_user_id(r);
	v->tenant = vv_req_tenant_id(r);
	const char *l = vv_req_user_language(r);
	if (!lang_known(l))
		l = vv_tenant_language(r);
	v->dlang = lang_known(l) ? l : "fi";
	v->tz = vv_tenant_tz(r);
}

/* Columns shared by both loads: 0 id, 1 uuid, 2 name, 3 description,
 * 4 language, 5 starts, 6 ends, 7 max, 8 enrolled, 9 open, 10 people, 11 record. */
#define EVENT_COLUMNS                                                                    \
	"e.id, e.uuid, x.name, x.description, x.language, UNIX_TIMESTAMP(e.starts_at),"  \
	" UNIX_TIMESTAMP(e.ends_at), e.max_participants, e.enrolled,"                    \
	" e.ends_at > UTC_TIMESTAMP(), " VV_CARE_PEOPLE("e.id") ", e.record"

int vv_en_event_load(vv_req_t *r, const struct vv_en_viewer *v, struct vv_en_event *e)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *uuid = vv_req_arg(r, "uuid");
	int err = 0;
	vv_db_res_t *res;
	if (!uuid)
		return VV_NOTFOUND;
	if (v->staff) {
		/* Staff read the page language, else the event's first language. */
		res = vv_db_query(a, &err,
			"SELECT " EVENT_COLUMNS " FROM events e"
			VV_CARE_TEXT_JOIN("LEFT JOIN", "e.id", "?")
			" WHERE e.uuid = ? AND e.tenant_id = ? AND e.status = 'scheduled'",
			VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_S(uuid), VV_DB_I(v->tenant)));
	} else {
		/* R-EV-7: in the device language, whatever the page's; an event
		 * the customer holds a row in also without it (enrolment.h). */
		res = vv_db_query(a, &err,
			"SELECT " EVENT_COLUMNS " FROM events e" VV_CARE_TEXT_JOIN("JOIN", "e.id", "?")
			" WHERE e.uuid = ? AND e.status = 'scheduled'"
			" AND ((x.language = ? AND " VV_EN_SEES ") OR " VV_EN_HOLDS ")",
			VV_DB_ARGS(VV_DB_S(v->dlang), VV_DB_S(uuid), VV_DB_S(v->dlang),
				   VV_DB_I(v->tenant), VV_DB_I(v->tenant), VV_DB_I(v->user),
				   VV_DB_I(v->tenant), VV_DB_I(v->user), VV_DB_I(v->tenant),
				   VV_DB_I(v->user)));
	}
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	memset(e, 0, sizeof(*e));
	e->id = vv_db_int(res, 0, 0);
	e->uuid = vv_db_str(res, 1);
	e->name = vv_db_str(res, 2);
	e->description = vv_db_str(res, 3);
	e->text_lang = vv_db_str(res, 4);
	e->starts = vv_db_int(res, 5, 0);
	e->ends = vv_db_int(res, 6, 0);
	e->max = vv_db_int(res, 7, 0);
	e->enrolled = vv_db_int(res, 8, 0);
	e->open = vv_db_int(res, 9, 0) != 0;
	e->people = vv_db_int(res, 10, 0);
	e->record = vv_db_int(res, 11, 0) != 0;
	if (!e->name)
		e->name = "";

	res = vv_db_query(a, &err,
		"SELECT p.status, (SELECT COUNT(*) FROM event_participants w WHERE w.event_id = p.event_id"
		"  AND w.kind = 'customer' AND w.status = 'waiting'"
		"  AND (w.queued < p.queued OR (w.queued = p.queued AND w.id <= p.id)))"
		" FROM event_participants p WHERE p.event_id = ? AND p.user_id = ? AND p.tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(e->id), VV_DB_I(v->user), VV_DB_I(v->tenant)));
	if (!res)
		return err ? err : VV_ERR;
	if (vv_db_next(res)) {
		e->mine = vv_db_str(res, 0);
		if (e->mine && strcmp(e->mine, "waiting") == 0)
			e->position = vv_db_int(res, 1, 0);
	}
	return 0;
}

void vv_en_flash(vv_req_t *r)
{
	static const char *const known[] = {"enrolled", "waiting", "cancelled", "unavailable"};
	const char *done = vv_req_query(r, "done");
	if (!done)
		return;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(done, known[i]) == 0)
			vv_xml_attr(vv_xml_add(vv_page(r), "flash"), "key",
				    vv_sprintf(vv_req_arena(r), "enrol.flash.%s", known[i]));
}

bool vv_en_have_recordings(vv_req_t *r)
{
	static bool known; /* per worker: once there, the table stays */
	if (known)
		return true;
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT COUNT(*) FROM information_schema.tables"
		" WHERE table_schema = DATABASE() AND table_name = 'recordings'", VV_DB_NONE);
	if (res && vv_db_next(res) && vv_db_int(res, 0, 0) > 0)
		known = true;
	return known;
}

int vv_en_local_date(const char *tz, int64_t utc, struct vv_date *out)
{
	struct vv_local l;
	int rc = vv_time_to_local(tz, utc, &l);
	if (rc != 0)
		return rc;
	*out = (struct vv_date){l.y, l.m, l.d};
	return 0;
}

int vv_en_day_start(const char *tz, struct vv_date day, int64_t *utc)
{
	/* Midnight is skipped in a few zones on their DST day: take the first
	 * hour that exists. */
	for (int hh = 0; hh < 3; hh++)
		if (vv_time_from_local(tz, day.y, day.m, day.d, hh, 0, utc, NULL) == 0)
			return 0;
	return VV_INVALID;
}

int vv_en_weeks_ahead(void)
{
	long n = vv_conf_int("calendar", "weeks_ahead", VV_EN_WEEKS_DEFAULT);
	return n < 0 ? 0 : n > VV_EN_WEEKS_MAX ? VV_EN_WEEKS_MAX : (int)n;
}

/* A clamp, not a 400: the value only says which dates to show, it comes
 * from our own links (or an old bookmark, a hand-edited address), and a
 * customer is better served by a calendar than by an error page with no
 * calendar on it. The page's heading names the dates it shows, so a clamped
 * page says what it is. The rest of the app reads its query flags the same
 * way (?past, ?done: anything unknown is the default). */
int vv_en_week_param(vv_req_t *r)
{
	const char *s = vv_req_query(r, "week");
	const int max = vv_en_weeks_ahead();
	if (!s || !*s)
		return 0;
	size_t n = strlen(s);
	if (s[0] == '-' || strspn(s, "0123456789") != n)
		return 0; /* "-1", "abc", "1.5", " 1" */
	long v = 0;
	for (size_t i = 0; i < n && v <= max; i++)
		v = v * 10 + (s[i] - '0'); /* stops before it could overflow */
	return v > max ? max : (int)v;
}

int vv_en_week_of(const char *tz, int64_t now, int64_t utc)
{
	struct vv_date today, d;
	if (vv_date_today(tz, now, &today) != 0 || vv_en_local_date(tz, utc, &d) != 0)
		return 0;
	int days = vv_date_diff(today, d);
	if (days < 0)
		return 0;
	int max = vv_en_weeks_ahead();
	return days / 7 > max ? max : days / 7;
}

const char *vv_en_date_str(vv_arena_t *a, struct vv_date d)
{
	return vv_sprintf(a, "%04d-%02d-%02d", d.y, d.m, d.d);
}
