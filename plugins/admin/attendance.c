/* Läsnäolo (/admin/attendance): who came to the organisation's calls in a
 * date range - the chart of customers and guests per event type over the
 * weeks (drawn by admin-attendance.xsl, with a table saying the same) and
 * every join and leave of the range as CSV for care records. The visits
 * are the core's (vv/attendance.h). */
#include <string.h>
#include <time.h>
#include "admin.h"

#define MAX_DAYS 366     /* a year at a time */
#define DEFAULT_DAYS 55  /* eight weeks up to today */

/* The range asked for, unset ends filled in: eight weeks from the start
 * given, up to the end given, or up to today. */
static bool range(vv_req_t *r, struct vv_admin_range *g)
{
	if (!vv_admin_range_read(r, g, MAX_DAYS))
		return false;
	struct vv_date today;
	if (vv_date_today(vv_tenant_tz(r), (int64_t)time(NULL), &today) != 0)
		return false;
	if (!g->has_to)
		g->dto = g->has_from ? vv_date_add_days(g->dfrom, DEFAULT_DAYS) : today;
	if (!g->has_from)
		g->dfrom = vv_date_add_days(g->dto, -DEFAULT_DAYS);
	struct vv_date end = vv_date_add_days(g->dto, 1);
	const char *tz = vv_tenant_tz(r);
	return vv_time_from_local(tz, g->dfrom.y, g->dfrom.m, g->dfrom.d, 0, 0, &g->from_utc, NULL) == 0 &&
	       vv_time_from_local(tz, end.y, end.m, end.d, 0, 0, &g->to_utc, NULL) == 0;
}

static const char *iso(vv_arena_t *a, struct vv_date d)
{
	return vv_sprintf(a, "%04d-%02d-%02d", d.y, d.m, d.d);
}

int vv_admin_attendance(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_admin_range g;
	bool ok = range(r, &g);
	xmlNodePtr f = vv_xml_add(vv_page(r), "attendance-filter");
	vv_xml_attr(f, "from", ok ? iso(a, g.dfrom) : g.from);
	vv_xml_attr(f, "to", ok ? iso(a, g.dto) : g.to);
	if (!ok)
		return 422;
	/* Whole weeks from the Monday of from through the week of to. */
	struct vv_date monday = vv_date_add_days(g.dfrom, -((vv_date_wday(g.dfrom) + 6) % 7));
	int weeks = vv_date_diff(monday, g.dto) / 7 + 1;
	int rc = vv_attendance_chart_xml(r, vv_page(r), g.dfrom, weeks > 53 ? 53 : weeks);
	return rc < 0 ? rc : 200;
}

struct export_ctx {
	vv_req_t *r;
	const struct vv_admin_range *g;
};

static int export_audit_tx(vv_arena_t *a, void *p)
{
	struct export_ctx *c = p;
	return vv_audit(c->r, "attendance.export",
			vv_sprintf(a, "from=%s to=%s", iso(a, c->g->dfrom), iso(a, c->g->dto)));
}

/* The CSV of the range; bad dates give the page with the messages (422). */
int vv_admin_attendance_csv(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_admin_range g;
	if (!range(r, &g)) {
		xmlNodePtr f = vv_xml_add(vv_page(r), "attendance-filter");
		vv_xml_attr(f, "from", g.from);
		vv_xml_attr(f, "to", g.to);
		return 422;
	}
	struct export_ctx c = {r, &g};
	int rc = vv_db_tx(a, export_audit_tx, &c);
	if (rc < 0)
		return rc;
	return vv_attendance_csv(r, 0, g.from_utc, g.to_utc,
				 vv_sprintf(a, "attendance-%s-%s.csv", iso(a, g.dfrom), iso(a, g.dto)));
}
