/* vv_care_participants_xml: the participants section of Tiedot, built
 * here once for the events plugin's page and the participants plugin's
 * answers to its form (vv/care.h), with the search that finds an e-mail
 * address among the organisation's users (issue 16). */
#include <string.h>
#include "core.h"
#include "vv/care.h"

#define SEARCH_MIN 2   /* characters before anything is looked up */
#define SEARCH_MAX 100
#define SEARCH_ROWS 20

/* ?who=: the session's tenant's active users whose name or e-mail holds
 * the words typed, as <found who="..." more="0|1"><u email first last
 * kind/></found>. The guide sends operators to the employee list for an
 * address; customers they could not find at all without the admin-only
 * customer list. Only what adding needs is shown (name, e-mail, whether a
 * customer), never more than SEARCH_ROWS. 0 or a negative code. */
static int search(vv_req_t *r, xmlNodePtr ps, int *err)
{
	const char *q = vv_req_query(r, "who");
	if (!q)
		return 0;
	xmlNodePtr found = vv_xml_add(ps, "found");
	vv_xml_attr(found, "who", q);
	long n = vv_utf8_chars(q);
	while (*q == ' ')
		q++;
	if (n < SEARCH_MIN || n > SEARCH_MAX || strlen(q) < SEARCH_MIN) {
		vv_xml_attr(found, "short", n > SEARCH_MAX ? "0" : "1");
		return 0;
	}
	/* LIKE's own characters typed are matched as themselves. */
	char *pat = vv_alloc(r->arena, strlen(q) * 2 + 3);
	char *w = pat;
	*w++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*w++ = '\\';
		*w++ = *c;
	}
	*w++ = '%';
	*w = '\0';
	vv_db_res_t *res = vv_db_query(r->arena, err,
		"SELECT email, first_name, last_name, role = 'customer' FROM users"
		" WHERE tenant_id = ? AND active = 1"
		" AND (CONCAT(first_name, ' ', last_name) LIKE ? OR CONCAT(last_name, ' ', first_name) LIKE ?"
		"  OR email LIKE ?)"
		" ORDER BY last_name, first_name, email LIMIT ?",
		VV_DB_ARGS(VV_DB_I(r->tenant_id), VV_DB_S(pat), VV_DB_S(pat), VV_DB_S(pat),
			   VV_DB_I(SEARCH_ROWS + 1)));
	if (!res)
		return *err ? *err : VV_ERR;
	int rows = 0;
	while (vv_db_next(res)) {
		if (++rows > SEARCH_ROWS) {
			vv_xml_attr(found, "more", "1");
			break;
		}
		xmlNodePtr u = vv_xml_add(found, "u");
		vv_xml_attr(u, "email", vv_db_str(res, 0));
		vv_xml_attr(u, "first", vv_db_str(res, 1));
		vv_xml_attr(u, "last", vv_db_str(res, 2));
		vv_xml_attr(u, "kind", vv_db_int(res, 3, 0) ? "customer" : "staff");
	}
	return 0;
}

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
		" ORDER BY p.status = 'waiting', FIELD(p.kind, 'customer', 'staff', 'guest'),"
		" p.queued, p.id",
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
	return search(r, ps, err) == 0 ? ps : NULL;
}
