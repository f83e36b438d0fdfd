/* Tiedot of a recorded event: who was shown the recording notice on the
 * call page and what they answered (issue #11; the rows are the call
 * plugin's call_consents, written by its …/consent and call page). Staff
 * see from it who was told, who joined with camera and microphone and who
 * only watched - the care record's "informed" line. Nothing when the call
 * plugin is not loaded or the event is not recorded. */
#include "events.h"

int vv_events_consents_xml(vv_req_t *r, const struct vv_events_event *e)
{
	if (!e->record ||
	    !vv_route_exists("POST", vv_sprintf(vv_req_arena(r), "/ecare/call/%s/consent", e->uuid)))
		return 0;
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT display, UNIX_TIMESTAMP(shown_at), UNIX_TIMESTAMP(answered_at), accepted"
		" FROM call_consents WHERE event_id = ? AND tenant_id = ?"
		" ORDER BY shown_at, display LIMIT 1000",
		VV_DB_ARGS(VV_DB_I(e->id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	xmlNodePtr list = vv_xml_add(vv_page(r), "consents");
	while (vv_db_next(res)) {
		xmlNodePtr c = vv_xml_add(list, "consent");
		vv_xml_attr(c, "name", vv_db_str(res, 0));
		vv_xml_attr(c, "shown", vv_db_str(res, 1));
		vv_xml_attr(c, "answered", vv_db_str(res, 2));
		const char *acc = vv_db_str(res, 3);
		vv_xml_attr(c, "answer", !acc ? "none" : vv_db_int(res, 3, 0) ? "accepted" : "declined");
	}
	return 0;
}
