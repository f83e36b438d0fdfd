/* The join-link page (R-EV-11): for professionals without an account. The
 * token is the only key, so the page shows nothing but the event's name
 * and times, in the zone of the event's tenant. A revoked link, a
 * cancelled event or one that has ended gives 404 with a page saying so. */
#include <string.h>
#include <time.h>
#include "events.h"

/* <start|end y m d hh mm zone/>: wall time in tz, formatted by join.xsl. */
static void add_time(vv_req_t *r, xmlNodePtr parent, const char *name, const char *tz,
		     int64_t utc)
{
	struct vv_local l;
	if (vv_time_to_local(tz, utc, &l) != 0)
		return;
	vv_arena_t *a = vv_req_arena(r);
	xmlNodePtr n = vv_xml_add(parent, name);
	vv_xml_attr_int(n, "y", l.y);
	vv_xml_attr_int(n, "m", l.m);
	vv_xml_attr_int(n, "d", l.d);
	vv_xml_attr(n, "hh", vv_sprintf(a, "%02d", l.hh));
	vv_xml_attr(n, "mm", vv_sprintf(a, "%02d", l.mm));
	vv_xml_attr(n, "zone", l.abbr);
}

int vv_events_join(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *token = vv_req_arg(r, "token");
	xmlNodePtr j = vv_xml_add(vv_page(r), "join");
	const char *m = vv_req_query(r, "m");
	if (!token) {
		vv_xml_attr(j, "invalid", "1");
		return 404;
	}
	int err = 0;
	/* The tenant is the link's own: the row names it and the event must be
	 * of the same tenant. */
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT e.uuid, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at),"
		" UNIX_TIMESTAMP(UTC_TIMESTAMP()), l.kind, t.timezone,"
		" " VV_CARE_EVENT_NAME("e.id", "?, t.language") ","
		" " VV_CARE_EVENT_TEXT("description", "e.id", "?, t.language") ", e.record"
		" FROM join_links l"
		" JOIN events e ON e.id = l.event_id AND e.tenant_id = l.tenant_id"
		" JOIN tenants t ON t.id = l.tenant_id"
		" WHERE l.token_hash = ? AND l.revoked_at IS NULL AND e.status = 'scheduled'"
		" AND e.ends_at > UTC_TIMESTAMP()",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_S(vv_req_lang(r)),
			   VV_DB_S(vv_token_hash(a, token))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res)) {
		vv_xml_attr(j, "invalid", "1");
		return 404;
	}
	int64_t starts = vv_db_int(res, 1, 0), ends = vv_db_int(res, 2, 0);
	int64_t now = vv_db_int(res, 3, (int64_t)time(NULL));
	const char *kind = vv_db_str(res, 4), *tz = vv_db_str(res, 5);
	vv_xml_attr(j, "event", vv_db_str(res, 0));
	vv_xml_attr(j, "name", vv_db_str(res, 6));
	vv_xml_attr(j, "description", vv_db_str(res, 7));
	/* recorded: said before Liity (issue #11); the call page asks */
	vv_xml_attr(j, "record", vv_db_int(res, 8, 0) ? "1" : "0");
	vv_xml_attr(j, "state", now < starts ? "upcoming" : "running");
	vv_xml_attr(j, "mobile",
		    (kind && strcmp(kind, "mobile") == 0) || (m && strcmp(m, "1") == 0) ? "1" : "0");
	vv_xml_attr(j, "path", vv_req_path(r));
	/* Liity: the call page accepts the same token (plugin call). */
	vv_xml_attr(j, "call", vv_sprintf(vv_req_arena(r), "/%s/ecare/call/t/%s", vv_req_lang(r),
					   vv_req_arg(r, "token")));
	add_time(r, j, "start", tz, starts);
	add_time(r, j, "end", tz, ends);
	return 200;
}
