/* Tapahtumaloki: the organisation's audit log, newest first, a page of
 * PAGE_ROWS at a time, filtered by action, by person (the one who acted
 * or the one acted on: their uuid in the detail) and by date range; the
 * same rows, all of them up to CSV_ROWS, as CSV. */
#include <string.h>
#include <vv/text.h>
#include "admin.h"

#define PAGE_ROWS 50
#define CSV_ROWS 100000 /* more: narrow the range */

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

/* iso: "2026-12-08 10:05:03" for a spreadsheet, else as pages write it. */
static const char *local_time(vv_req_t *r, int64_t utc, bool iso)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), utc, &l) != 0)
		return "";
	if (iso)
		return vv_sprintf(vv_req_arena(r), "%04d-%02d-%02d %02d:%02d:%02d", l.y, l.m, l.d, l.hh, l.mm, l.ss);
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

/* The filter of the request. */
struct filter {
	const char *action, *person;
	int64_t person_id;
	int64_t page_no;
	struct vv_admin_range range;
};

/* Reads and checks the filter, adds the choices and <audit-filter> to the
 * page. 0, 422 when a field is wrong (the messages are on the page), or
 * a code. */
static int read_filter(vv_req_t *r, struct filter *f)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *pg = vv_req_query(r, "page");
	f->action = vv_req_query(r, "action");
	f->person = vv_req_query(r, "person");
	f->action = f->action ? f->action : "";
	f->person = f->person ? f->person : "";
	f->page_no = 1;
	f->person_id = 0;
	if (*f->action && !action_ok(f->action))
		vv_form_error(r, "action", "admin.err.audit-action");
	if (pg && *pg && !vv_admin_int(pg, 1, 100000, &f->page_no))
		vv_form_error(r, "page", "admin.err.audit-page");
	vv_admin_range_read(r, &f->range, 0);
	int err = 0;
	if (*f->person) {
		vv_db_res_t *res = vv_db_query(a, &err, "SELECT id FROM users WHERE tenant_id = ? AND uuid = ?",
					       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_S(f->person)));
		if (!res)
			return err;
		if (vv_db_next(res))
			f->person_id = vv_db_int(res, 0, 0);
		else
			vv_form_error(r, "person", "admin.err.audit-person");
	}
	xmlNodePtr page = vv_page(r);
	int rc = choices(r, page);
	if (rc < 0)
		return rc;
	xmlNodePtr x = vv_xml_add(page, "audit-filter");
	vv_xml_attr(x, "action", f->action);
	vv_xml_attr(x, "person", f->person);
	vv_xml_attr(x, "from", f->range.from);
	vv_xml_attr(x, "to", f->range.to);
	return vv_form_errors(r) ? 422 : 0;
}

/* The log's rows the filter selects, newest first: 0 time (UTC seconds),
 * 1 action, 2 detail, 3..5 who acted, 6..8 the person acted on. */
static vv_db_res_t *rows(vv_req_t *r, const struct filter *f, int64_t limit, int64_t offset, int *err)
{
	return vv_db_query(vv_req_arena(r), err,
		"SELECT UNIX_TIMESTAMP(a.created_at), a.action, a.detail, u.first_name, u.last_name, u.email,"
		" v.first_name, v.last_name, v.email"
		" FROM audit_log a LEFT JOIN users u ON u.id = a.user_id AND u.tenant_id = a.tenant_id"
		/* The person acted on, by the uuid in "user=<uuid>" (an index lookup). */
		" LEFT JOIN users v ON LOCATE('user=', a.detail) > 0 AND v.tenant_id = a.tenant_id"
		" AND v.uuid = SUBSTRING(a.detail, LOCATE('user=', a.detail) + 5, 36)"
		" WHERE a.tenant_id = ? AND (? = '' OR a.action = ?)"
		" AND (? = 0 OR a.user_id = ? OR a.detail LIKE CONCAT('%', ?, '%'))"
		" AND (? = 0 OR a.created_at >= FROM_UNIXTIME(?)) AND (? = 0 OR a.created_at < FROM_UNIXTIME(?))"
		" ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
		VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_S(f->action), VV_DB_S(f->action),
			   VV_DB_I(f->person_id), VV_DB_I(f->person_id), VV_DB_S(f->person),
			   VV_DB_I(f->range.has_from), VV_DB_I(f->range.from_utc),
			   VV_DB_I(f->range.has_to), VV_DB_I(f->range.to_utc), VV_DB_I(limit), VV_DB_I(offset)));
}

int vv_admin_audit(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct filter f;
	int rc = read_filter(r, &f);
	if (rc != 0)
		return rc;
	/* One row more than a page says whether a next page exists. */
	int err = 0;
	vv_db_res_t *res = rows(r, &f, PAGE_ROWS + 1, (f.page_no - 1) * PAGE_ROWS, &err);
	if (!res)
		return err;
	xmlNodePtr list = vv_xml_add(vv_page(r), "audit");
	vv_xml_attr_int(list, "page", f.page_no);
	int n = 0;
	while (vv_db_next(res)) {
		if (++n > PAGE_ROWS) {
			vv_xml_attr(list, "more", "1");
			break;
		}
		xmlNodePtr e = vv_xml_add(list, "entry");
		vv_xml_attr(e, "at", local_time(r, vv_db_int(res, 0, 0), false));
		vv_xml_attr(e, "action", vv_db_str(res, 1));
		vv_xml_attr(e, "detail", vv_db_str(res, 2));
		vv_xml_attr(e, "who", person_name(a, res, 3));
		vv_xml_attr(e, "about", person_name(a, res, 6));
	}
	return 200;
}

static int export_audit_tx(vv_arena_t *a, void *p)
{
	const struct { vv_req_t *r; const struct filter *f; } *c = p;
	return vv_audit(c->r, "audit.export", vv_sprintf(a, "action=%s person=%s from=%s to=%s", c->f->action,
							 c->f->person, c->f->range.from, c->f->range.to));
}

/* Tapahtumaloki as CSV: every row the filter selects (the page's paging
 * aside); a wrong field gives the page with its message (422). */
int vv_admin_audit_csv(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct filter f;
	int rc = read_filter(r, &f);
	if (rc != 0)
		return rc;
	struct { vv_req_t *r; const struct filter *f; } c = {r, &f};
	rc = vv_db_tx(a, export_audit_tx, &c);
	if (rc < 0)
		return rc;
	int err = 0;
	vv_db_res_t *res = rows(r, &f, CSV_ROWS, 0, &err);
	if (!res)
		return err;
	const char *lang = vv_req_lang(r), *tz = vv_tenant_tz(r);
	vv_csv_t *csv = vv_csv_new(a);
	static const char *const heads[] = {
		"admin.audit.csv.at", "admin.audit.csv.who", "admin.audit.csv.who-email",
		"admin.audit.csv.action", "admin.audit.csv.about", "admin.audit.csv.detail",
	};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		vv_csv_field(csv, vv_text(a, lang, heads[i], &tz, 1));
	vv_csv_end_row(csv);
	while (vv_db_next(res)) {
		vv_csv_field(csv, local_time(r, vv_db_int(res, 0, 0), true));
		const char *who = person_name(a, res, 3);
		vv_csv_field(csv, who ? who : vv_text(a, lang, "admin.audit.system", NULL, 0));
		vv_csv_field(csv, vv_db_str(res, 5));
		vv_csv_field(csv, vv_db_str(res, 1));
		vv_csv_field(csv, person_name(a, res, 6));
		vv_csv_field(csv, vv_db_str(res, 2));
		vv_csv_end_row(csv);
	}
	return vv_csv_send(r, csv, "audit-log.csv");
}
