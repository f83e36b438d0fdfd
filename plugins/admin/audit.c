/* Tapahtumaloki: the organisation's audit log, newest first, a page of
 * PAGE_ROWS at a time, filtered by action and by person (the one who acted
 * or the one acted on: their uuid in the detail). */
#include <string.h>
#include "admin.h"

#define PAGE_ROWS 50

/* An action as vv_audit callers write them: "user.device.end". */
static bool action_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

static const char *local_time(vv_req_t *r, int64_t utc)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), utc, &l) != 0)
		return "";
	return vv_sprintf(vv_req_arena(r), "%d.%d.%d %02d:%02d:%02d", l.d, l.m, l.y, l.hh, l.mm, l.ss);
}

/* The filter's choices: the actions this tenant's log has, and its people. */
static int choices(vv_req_t *r, xmlNodePtr page)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
				       "SELECT DISTINCT action FROM audit_log WHERE tenant_id = ? ORDER BY action",
				       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err;
	xmlNodePtr al = vv_xml_add(page, "actions");
	while (vv_db_next(res))
		vv_xml_attr(vv_xml_add(al, "action"), "name", vv_db_str(res, 0));
	res = vv_db_query(vv_req_arena(r), &err,
			  "SELECT uuid, first_name, last_name, email FROM users WHERE tenant_id = ?"
			  " ORDER BY last_name, first_name, email",
			  VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err;
	xmlNodePtr pl = vv_xml_add(page, "people");
	while (vv_db_next(res)) {
		xmlNodePtr p = vv_xml_add(pl, "person");
		vv_xml_attr(p, "uuid", vv_db_str(res, 0));
		vv_xml_attr(p, "name", vv_sprintf(vv_req_arena(r), "%s %s", vv_db_str(res, 1), vv_db_str(res, 2)));
		vv_xml_attr(p, "email", vv_db_str(res, 3));
	}
	return 0;
}

/* "First Last" from columns c..c+2 (names, e-mail), the e-mail when the
 * names were erased, NULL when there is no such user. */
static const char *person_name(vv_arena_t *a, vv_db_res_t *res, unsigned c)
{
	if (vv_db_is_null(res, c + 2))
		return NULL;
	const char *first = vv_db_str(res, c), *last = vv_db_str(res, c + 1);
	return *first || *last ? vv_sprintf(a, "%s %s", first, last) : vv_db_str(res, c + 2);
}

int vv_admin_audit(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *action = vv_req_query(r, "action");
	const char *person = vv_req_query(r, "person");
	const char *pg = vv_req_query(r, "page");
	action = action ? action : "";
	person = person ? person : "";
	int64_t page_no = 1;
	if (*action && !action_ok(action))
		vv_form_error(r, "action", "admin.err.audit-action");
	if (pg && *pg && !vv_admin_int(pg, 1, 100000, &page_no))
		vv_form_error(r, "page", "admin.err.audit-page");
	int64_t person_id = 0;
	int err = 0;
	if (*person) {
		vv_db_res_t *res = vv_db_query(a, &err, "SELECT id FROM users WHERE tenant_id = ? AND uuid = ?",
					       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_S(person)));
		if (!res)
			return err;
		if (vv_db_next(res))
			person_id = vv_db_int(res, 0, 0);
		else
			vv_form_error(r, "person", "admin.err.audit-person");
	}
	xmlNodePtr page = vv_page(r);
	int rc = choices(r, page);
	if (rc < 0)
		return rc;
	xmlNodePtr f = vv_xml_add(page, "audit-filter");
	vv_xml_attr(f, "action", action);
	vv_xml_attr(f, "person", person);
	if (vv_form_errors(r))
		return 422;

	/* One row more than a page says whether a next page exists. */
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT UNIX_TIMESTAMP(a.created_at), a.action, a.detail, u.first_name, u.last_name, u.email,"
		" v.first_name, v.last_name, v.email"
		" FROM audit_log a LEFT JOIN users u ON u.id = a.user_id AND u.tenant_id = a.tenant_id"
		/* The person acted on, by the uuid in "user=<uuid>" (an index lookup). */
		" LEFT JOIN users v ON LOCATE('user=', a.detail) > 0 AND v.tenant_id = a.tenant_id"
		" AND v.uuid = SUBSTRING(a.detail, LOCATE('user=', a.detail) + 5, 36)"
		" WHERE a.tenant_id = ? AND (? = '' OR a.action = ?)"
		" AND (? = 0 OR a.user_id = ? OR a.detail LIKE CONCAT('%', ?, '%'))"
		" ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
		VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_S(action), VV_DB_S(action),
			   VV_DB_I(person_id), VV_DB_I(person_id), VV_DB_S(person), VV_DB_I(PAGE_ROWS + 1),
			   VV_DB_I((page_no - 1) * PAGE_ROWS)));
	if (!res)
		return err;
	xmlNodePtr list = vv_xml_add(page, "audit");
	vv_xml_attr_int(list, "page", page_no);
	int n = 0;
	while (vv_db_next(res)) {
		if (++n > PAGE_ROWS) {
			vv_xml_attr(list, "more", "1");
			break;
		}
		xmlNodePtr e = vv_xml_add(list, "entry");
		vv_xml_attr(e, "at", local_time(r, vv_db_int(res, 0, 0)));
		vv_xml_attr(e, "action", vv_db_str(res, 1));
		vv_xml_attr(e, "detail", vv_db_str(res, 2));
		vv_xml_attr(e, "who", person_name(a, res, 3));
		vv_xml_attr(e, "about", person_name(a, res, 6));
	}
	return 200;
}
