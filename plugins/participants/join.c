/* A guest's personal join link, /{lang}/join/p/{token} (R-PA-2): no
 * account, the token is the authentication. Only its SHA-256 is stored;
 * the core masks {token} in the access log. */
#include "participants.h"

int vv_pa_join(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	int err = 0;
	/* The guest row belongs to the event's tenant (p.tenant_id = e.tenant_id):
	 * the token names the tenant. A cancelled or ended event's link is dead. */
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT e.id, e.tenant_id, e.starts_at, e.ends_at, p.first_name, p.last_name, e.record"
		" FROM event_participants p JOIN events e ON e.id = p.event_id AND e.tenant_id = p.tenant_id"
		" WHERE p.token_hash = ? AND p.kind = 'guest'"
		" AND e.status = 'scheduled' AND e.ends_at > UTC_TIMESTAMP()",
		VV_DB_ARGS(VV_DB_S(vv_token_hash(a, vv_req_arg(r, "token")))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	int64_t event_id = vv_db_int(res, 0, 0);
	int64_t tenant_id = vv_db_int(res, 1, 0);
	xmlNodePtr g = vv_xml_add(vv_page(r), "guest");
	vv_xml_attr(g, "starts", vv_db_str(res, 2));
	vv_xml_attr(g, "ends", vv_db_str(res, 3));
	vv_xml_attr(g, "first", vv_db_str(res, 4));
	vv_xml_attr(g, "last", vv_db_str(res, 5));
	/* recorded: said before Liity (issue #11); the call page asks */
	vv_xml_attr(g, "record", vv_db_int(res, 6, 0) ? "1" : "0");
	/* The call page accepts the guest's own token (plugin call). */
	vv_xml_attr(g, "call", vv_sprintf(a, "/%s/ecare/call/t/%s", vv_req_lang(r), vv_req_arg(r, "token")));
	vv_db_res_t *t = vv_db_query(a, &err,
		"SELECT " VV_CARE_EVENT_NAME("e.id", "?") " FROM events e"
		" WHERE e.tenant_id = ? AND e.id = ?",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(tenant_id), VV_DB_I(event_id)));
	if (!t)
		return err ? err : VV_ERR;
	if (vv_db_next(t))
		vv_xml_attr(g, "event", vv_db_str(t, 0));
	return 200;
}
