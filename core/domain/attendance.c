/* Attendance for care records (vv/attendance.h): visits written by the
 * call, read by Tiedot, the admin's CSV and chart. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "core.h"
#include "vv/attendance.h"
#include "vv/csv.h"
#include "vv/text.h"

int vv_attendance_join(vv_arena_t *a, const struct vv_attendee *w)
{
	if (!w || !w->participant_id || !w->member_key || !w->role)
		return VV_INVALID;
	/* The unique open visit per member makes a second join a no-op, two
	 * at once included. */
	int64_t n = vv_db_exec(a,
		"INSERT IGNORE INTO attendance (tenant_id, event_id, participant_id, member_key, user_id,"
		" role, display, joined_at) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_I(w->tenant_id), VV_DB_I(w->event_id), VV_DB_S(w->participant_id),
			   VV_DB_S(w->member_key), VV_DB_I(w->user_id), VV_DB_S(w->role),
			   VV_DB_S(w->display ? w->display : "")));
	return n < 0 ? (int)n : n > 0;
}

int vv_attendance_sweep(vv_arena_t *a, int64_t event_id, int64_t tenant_id,
			const char *const *present, size_t n)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, participant_id FROM attendance WHERE event_id = ? AND tenant_id = ?"
		" AND left_at IS NULL AND joined_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND",
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(tenant_id), VV_DB_I(VV_ATTENDANCE_GRACE)));
	if (!res)
		return err ? err : VV_ERR;
	int closed = 0;
	while (vv_db_next(res)) {
		const char *pid = vv_db_str(res, 1);
		size_t i = 0;
		while (i < n && !(pid && present[i] && strcmp(pid, present[i]) == 0))
			i++;
		if (i < n)
			continue;
		int64_t k = vv_db_exec(a,
			"UPDATE attendance SET left_at = UTC_TIMESTAMP() WHERE id = ? AND left_at IS NULL",
			VV_DB_ARGS(VV_DB_I(vv_db_int(res, 0, 0))));
		if (k < 0)
			return (int)k;
		closed += (int)k;
	}
	return closed;
}

int vv_attendance_end(vv_arena_t *a, int64_t event_id, int64_t tenant_id)
{
	int64_t n = vv_db_exec(a,
		"UPDATE attendance SET left_at = UTC_TIMESTAMP()"
		" WHERE event_id = ? AND tenant_id = ? AND left_at IS NULL",
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(tenant_id)));
	return n < 0 ? (int)n : 0;
}

int vv_attendance_close_stale(vv_arena_t *a)
{
	int64_t n = vv_db_exec(a,
		"UPDATE attendance a JOIN events e ON e.id = a.event_id"
		" SET a.left_at = GREATEST(a.joined_at, LEAST(UTC_TIMESTAMP(), e.ends_at))"
		" WHERE a.open_member IS NOT NULL AND (e.status <> 'scheduled' OR e.ends_at <= UTC_TIMESTAMP())",
		VV_DB_NONE);
	return (int)n;
}

int vv_attendance_erase(vv_arena_t *a, int64_t tenant_id, int64_t user_id)
{
	int64_t n = vv_db_exec(a, "UPDATE attendance SET display = '' WHERE tenant_id = ? AND user_id = ?",
			       VV_DB_ARGS(VV_DB_I(tenant_id), VV_DB_I(user_id)));
	return n < 0 ? (int)n : 0;
}

/* ---- reading ---- */

/* The visits' columns: 0 participant, 1 role, 2 display, 3 joined, 4 left
 * (NULL while open), 5 a partner tenant's customer, then the event's
 * uuid, name, start and type. Times are UTC seconds. */
#define VISIT_COLS \
	"a.participant_id, a.role, a.display, UNIX_TIMESTAMP(a.joined_at), UNIX_TIMESTAMP(a.left_at)," \
	" (u.id IS NOT NULL AND u.tenant_id <> a.tenant_id), e.uuid, " VV_CARE_EVENT_NAME("e.id", "?") "," \
	" UNIX_TIMESTAMP(e.starts_at), COALESCE(t.name, '')" \
	" FROM attendance a JOIN events e ON e.id = a.event_id AND e.tenant_id = a.tenant_id" \
	" LEFT JOIN users u ON u.id = a.user_id LEFT JOIN event_types t ON t.id = e.type_id"

static const char *when(vv_req_t *r, int64_t utc, bool iso)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), utc, &l) != 0)
		return "";
	if (iso)
		return vv_sprintf(vv_req_arena(r), "%04d-%02d-%02d %02d:%02d:%02d", l.y, l.m, l.d, l.hh, l.mm, l.ss);
	return vv_sprintf(vv_req_arena(r), "%d.%d.%d %02d:%02d:%02d", l.d, l.m, l.y, l.hh, l.mm, l.ss);
}

/* A length as h:mm:ss, the same in every language. */
static const char *hms(vv_arena_t *a, int64_t s)
{
	return vv_sprintf(a, "%lld:%02d:%02d", (long long)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

/* A visit's length; an open one counts until now. */
static int64_t visit_seconds(vv_db_res_t *res, int64_t now)
{
	int64_t joined = vv_db_int(res, 3, 0);
	int64_t left = vv_db_is_null(res, 4) ? now : vv_db_int(res, 4, joined);
	return left > joined ? left - joined : 0;
}

int vv_attendance_event_xml(vv_req_t *r, xmlNodePtr parent, int64_t event_id)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT " VISIT_COLS " WHERE a.event_id = ? AND a.tenant_id = ?"
		" ORDER BY (SELECT MIN(f.joined_at) FROM attendance f WHERE f.event_id = a.event_id"
		"  AND f.participant_id = a.participant_id), a.participant_id, a.joined_at, a.id",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(event_id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	int64_t now = (int64_t)time(NULL);
	xmlNodePtr list = vv_xml_add(parent, "attendance");
	vv_xml_attr_int(list, "visits", (int64_t)vv_db_rows(res));
	xmlNodePtr person = NULL;
	const char *last = NULL;
	int64_t total = 0;
	while (vv_db_next(res)) {
		const char *pid = vv_db_str(res, 0);
		if (!person || !last || !pid || strcmp(last, pid) != 0) {
			if (person) {
				vv_xml_attr_int(person, "seconds", total);
				vv_xml_attr(person, "total", hms(vv_req_arena(r), total));
			}
			person = vv_xml_add(list, "person");
			bool partner = vv_db_int(res, 5, 0) != 0;
			vv_xml_attr(person, "name", partner ? "" : vv_db_str(res, 2));
			vv_xml_attr(person, "role", vv_db_str(res, 1));
			vv_xml_attr(person, "partner", partner ? "1" : "0");
			last = pid;
			total = 0;
		}
		int64_t s = visit_seconds(res, now);
		total += s;
		xmlNodePtr v = vv_xml_add(person, "visit");
		vv_xml_attr(v, "joined", when(r, vv_db_int(res, 3, 0), false));
		if (!vv_db_is_null(res, 4))
			vv_xml_attr(v, "left", when(r, vv_db_int(res, 4, 0), false));
		else
			vv_xml_attr(person, "open", "1");
		vv_xml_attr_int(v, "seconds", s);
		vv_xml_attr(v, "length", hms(vv_req_arena(r), s));
	}
	if (person) {
		vv_xml_attr_int(person, "seconds", total);
		vv_xml_attr(person, "total", hms(vv_req_arena(r), total));
	}
	return 0;
}

int vv_attendance_csv(vv_req_t *r, int64_t event_id, int64_t from_utc, int64_t to_utc,
		      const char *filename)
{
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	vv_db_res_t *res;
	if (event_id > 0)
		res = vv_db_query(a, &err,
			"SELECT " VISIT_COLS " WHERE a.event_id = ? AND a.tenant_id = ?"
			" ORDER BY a.joined_at, a.id",
			VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(event_id), VV_DB_I(vv_req_tenant_id(r))));
	else
		res = vv_db_query(a, &err,
			"SELECT " VISIT_COLS " WHERE e.tenant_id = ? AND e.starts_at >= FROM_UNIXTIME(?)"
			" AND e.starts_at < FROM_UNIXTIME(?) AND a.tenant_id = e.tenant_id"
			" ORDER BY e.starts_at, e.id, a.joined_at, a.id",
			VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(vv_req_tenant_id(r)), VV_DB_I(from_utc),
				   VV_DB_I(to_utc)));
	if (!res)
		return err ? err : VV_ERR;
	vv_csv_t *c = vv_csv_new(a);
	const char *lang = vv_req_lang(r);
	const char *tz = vv_tenant_tz(r);
	static const char *const heads[] = {
		"attendance.csv.event", "attendance.csv.type", "attendance.csv.starts",
		"attendance.csv.participant", "attendance.csv.role", "attendance.csv.joined",
		"attendance.csv.left", "attendance.csv.seconds", "attendance.csv.event-id",
	};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		vv_csv_field(c, vv_text(a, lang, heads[i], &tz, 1));
	vv_csv_end_row(c);
	int64_t now = (int64_t)time(NULL);
	while (vv_db_next(res)) {
		bool partner = vv_db_int(res, 5, 0) != 0;
		const char *role = vv_db_str(res, 1);
		vv_csv_field(c, vv_db_str(res, 7));
		vv_csv_field(c, vv_db_str(res, 9));
		vv_csv_field(c, when(r, vv_db_int(res, 8, 0), true));
		vv_csv_field(c, partner ? vv_text(a, lang, "attendance.partner", NULL, 0) : vv_db_str(res, 2));
		vv_csv_field(c, vv_text(a, lang, vv_sprintf(a, "attendance.role.%s", role ? role : "guest"),
					NULL, 0));
		vv_csv_field(c, when(r, vv_db_int(res, 3, 0), true));
		vv_csv_field(c, vv_db_is_null(res, 4) ? "" : when(r, vv_db_int(res, 4, 0), true));
		vv_csv_int(c, visit_seconds(res, now));
		vv_csv_field(c, vv_db_str(res, 6));
		vv_csv_end_row(c);
	}
	return vv_csv_send(r, c, filename);
}

/* ---- the chart ---- */

#define CHART_TYPES 20 /* the busiest; a tenant has a handful */

int vv_attendance_chart_xml(vv_req_t *r, xmlNodePtr parent, struct vv_date from, int weeks)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *tz = vv_tenant_tz(r);
	if (weeks < 1 || weeks > 53 || !vv_date_valid(from))
		return VV_INVALID;
	/* Weeks run Monday to Sunday, wall time in the tenant's zone. */
	struct vv_date monday = vv_date_add_days(from, -((vv_date_wday(from) + 6) % 7));
	struct vv_date end = vv_date_add_days(monday, 7 * weeks);
	int64_t from_utc, to_utc;
	if (vv_time_from_local(tz, monday.y, monday.m, monday.d, 0, 0, &from_utc, NULL) != 0 ||
	    vv_time_from_local(tz, end.y, end.m, end.d, 0, 0, &to_utc, NULL) != 0)
		return VV_INVALID;
	int err = 0;
	/* Per event: its type and how many customers and guests came. */
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT COALESCE(t.name, ''), UNIX_TIMESTAMP(e.starts_at), COUNT(DISTINCT a.member_key)"
		" FROM events e JOIN attendance a ON a.event_id = e.id AND a.tenant_id = e.tenant_id"
		" LEFT JOIN event_types t ON t.id = e.type_id"
		" WHERE e.tenant_id = ? AND e.starts_at >= FROM_UNIXTIME(?) AND e.starts_at < FROM_UNIXTIME(?)"
		" AND a.role <> 'staff' GROUP BY e.id ORDER BY 1",
		VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_I(from_utc), VV_DB_I(to_utc)));
	if (!res)
		return err ? err : VV_ERR;
	const char *names[CHART_TYPES];
	int64_t *counts = vv_calloc(a, sizeof(int64_t) * CHART_TYPES * (size_t)weeks);
	int64_t totals[CHART_TYPES] = {0}, max = 0;
	int ntypes = 0;
	if (!counts)
		return VV_ERR;
	while (vv_db_next(res)) {
		const char *name = vv_db_str(res, 0);
		int k = 0;
		while (k < ntypes && strcmp(names[k], name) != 0)
			k++;
		if (k == ntypes) {
			if (ntypes == CHART_TYPES)
				continue;
			names[ntypes++] = name;
		}
		struct vv_local l;
		if (vv_time_to_local(tz, vv_db_int(res, 1, 0), &l) != 0)
			continue;
		int w = vv_date_diff(monday, (struct vv_date){l.y, l.m, l.d}) / 7;
		if (w < 0 || w >= weeks)
			continue;
		int64_t n = vv_db_int(res, 2, 0);
		counts[k * weeks + w] += n;
		totals[k] += n;
		if (counts[k * weeks + w] > max)
			max = counts[k * weeks + w];
	}
	xmlNodePtr chart = vv_xml_add(parent, "attendance-chart");
	vv_xml_attr_int(chart, "weeks", weeks);
	vv_xml_attr_int(chart, "max", max);
	for (int w = 0; w < weeks; w++) {
		struct vv_date d = vv_date_add_days(monday, 7 * w);
		/* ISO 8601 week number: the week of its Thursday */
		struct vv_date thu = vv_date_add_days(d, 3);
		int yday = vv_date_diff((struct vv_date){thu.y, 1, 1}, thu);
		xmlNodePtr wk = vv_xml_add(chart, "week");
		vv_xml_attr_int(wk, "i", w);
		vv_xml_attr_int(wk, "label", yday / 7 + 1);
		vv_xml_attr(wk, "start", vv_sprintf(a, "%d.%d.%d", d.d, d.m, d.y));
	}
	for (int k = 0; k < ntypes; k++) {
		xmlNodePtr t = vv_xml_add(chart, "type");
		vv_xml_attr(t, "name", names[k]);
		vv_xml_attr_int(t, "total", totals[k]);
		for (int w = 0; w < weeks; w++) {
			xmlNodePtr c = vv_xml_add(t, "w");
			vv_xml_attr_int(c, "i", w);
			vv_xml_attr_int(c, "n", counts[k * weeks + w]);
		}
	}
	return 0;
}
