/* GET /{lang}/ecare/call/{uuid}: a placeholder for the call page of issue
 * #6, which replaces it. It shows the event's name and times, and its
 * script tells the user's other tabs that this one is in the call, so
 * they stop ringing (R-EN-6). The users enrolled in the event and the
 * staff of its tenant see it; everyone else gets 404. */
#include <string.h>
#include "alarm.h"

int vv_alarm_call(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	int64_t me = vv_req_user_id(r), tenant = vv_req_tenant_id(r);
	int64_t staff = (vv_req_role(r) & VV_ROLES_STAFF) != 0;
	const char *lang = vv_req_user_language(r);
	if (!lang || !*lang)
		lang = vv_req_lang(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT e.uuid, e.starts_at, e.ends_at,"
		" (SELECT x.name FROM event_texts x WHERE x.event_id = e.id"
		"  ORDER BY x.language = ? DESC, x.language = ? DESC,"
		"  FIELD(x.language, 'fi', 'sv', 'en') LIMIT 1)"
		" FROM events e WHERE e.uuid = ? AND e.status = 'scheduled'"
		" AND ((e.tenant_id = ? AND ? = 1) OR EXISTS (SELECT 1 FROM event_participants p"
		"  WHERE p.event_id = e.id AND p.user_id = ? AND p.tenant_id = ? AND p.status = 'enrolled'))",
		"sssiiii", lang, vv_tenant_language(r), vv_req_arg(r, "uuid"), tenant, staff, me, tenant);
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	xmlNodePtr c = vv_xml_add(vv_page(r), "call");
	vv_xml_attr(c, "event", vv_db_str(res, 0));
	vv_xml_attr(c, "starts", vv_db_str(res, 1));
	vv_xml_attr(c, "ends", vv_db_str(res, 2));
	vv_xml_attr(c, "name", vv_db_str(res, 3));
	if (vv_route_exists("GET", "/ecare/index/calendar"))
		vv_xml_attr(c, "back", vv_sprintf(a, "/%s/ecare/index/calendar", vv_req_lang(r)));
	return 200;
}
