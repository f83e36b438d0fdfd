/* vv_care_participants_xml: the participants section of Tiedot, built
 * here once for the events plugin's page and the participants plugin's
 * answers to its form (vv/care.h). */
#include <string.h>
#include "core.h"
#include "vv/care.h"

xmlNodePtr vv_care_participants_xml(vv_req_t *r, xmlNodePtr parent, int64_t event_id,
				    const char *event_uuid, int64_t capacity, int *err)
{
	/* Names and addresses only of the event's own tenant's rows. */
	vv_db_res_t *res = vv_db_query(r->arena, err,
		"SELECT p.id, p.kind, p.status,"
		" CASE WHEN p.tenant_id = e.tenant_id THEN COALESCE(u.email, p.email) END,"
		" CASE WHEN p.tenant_id = e.tenant_id THEN COALESCE(u.first_name, p.first_name) END,"
		" CASE WHEN p.tenant_id = e.tenant_id THEN COALESCE(u.last_name, p.last_name) END,"
		" u.uuid, p.tenant_id <> e.tenant_id"
		" FROM event_participants p JOIN events e ON e.id = p.event_id AND e.tenant_id = ?"
		" LEFT JOIN users u ON u.id = p.user_id AND u.tenant_id = p.tenant_id"
		"  AND p.tenant_id = e.tenant_id"
		" WHERE p.event_id = ?"
		" ORDER BY p.status = 'waiting', FIELD(p.kind, 'customer', 'staff', 'guest'), p.id",
		VV_DB_ARGS(VV_DB_I(r->tenant_id), VV_DB_I(event_id)));
	if (!res) {
		if (!*err)
			*err = VV_ERR;
		return NULL;
	}
	xmlNodePtr ps = vv_xml_add(parent, "participants");
	vv_xml_attr(ps, "event", event_uuid);
	vv_xml_attr_int(ps, "capacity", capacity);
	int64_t seated = 0, people = 0;
	while (vv_db_next(res)) {
		xmlNodePtr p = vv_xml_add(ps, "p");
		const char *kind = vv_db_str(res, 1), *status = vv_db_str(res, 2);
		const bool enrolled = status && strcmp(status, "enrolled") == 0;
		people += enrolled;
		seated += enrolled && kind && strcmp(kind, "customer") == 0;
		vv_xml_attr(p, "id", vv_db_str(res, 0));
		vv_xml_attr(p, "kind", kind);
		vv_xml_attr(p, "status", status);
		if (vv_db_int(res, 7, 1) != 0) {
			vv_xml_attr(p, "partner", "1");
			continue;
		}
		vv_xml_attr(p, "email", vv_db_str(res, 3));
		vv_xml_attr(p, "first", vv_db_str(res, 4));
		vv_xml_attr(p, "last", vv_db_str(res, 5));
		const char *user = vv_db_str(res, 6);
		vv_xml_attr(p, "user", user ? user : "");
	}
	/* The same numbers as VV_CARE_SEATED and VV_CARE_PEOPLE, from these rows. */
	vv_xml_attr_int(ps, "customers", seated);
	vv_xml_attr_int(ps, "people", people);
	return ps;
}
