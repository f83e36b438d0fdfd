/* Plugin "participants" (R-PA): the route table, loading an event of the
 * tenant, the page document shared with the events plugin's Tiedot page,
 * and the input checks. */
#include <string.h>
#include "participants.h"

#define EDITORS (VV_ROLE_ADMIN | VV_ROLE_OPERATOR)

static const struct vv_route routes[] = {
	/* R-PA-1, R-PA-2: the add form on Tiedot posts here. A guest's link is
	 * shown on this response only, so it renders a page, not a redirect. */
	{"POST", "/ecare/events/{uuid}/participants", vv_pa_add, EDITORS, 0,
	 "participants-added.xsl"},
	/* R-PA-3 */
	{"POST", "/ecare/events/{uuid}/participants/{id:int}/remove", vv_pa_remove, EDITORS, 0,
	 "participants-added.xsl"},
	/* A guest's personal join link: the token is its own authentication. */
	{"GET", "/join/p/{token}", vv_pa_join, VV_ROLES_ALL, 0, "participant-join.xsl"},
	{0},
};

VV_PLUGIN("participants", routes, NULL, NULL, NULL);

int vv_pa_event_load(vv_req_t *r, struct vv_pa_event *e)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT id, uuid, max_participants,"
		" status <> 'scheduled' OR ends_at <= UTC_TIMESTAMP()"
		" FROM events WHERE tenant_id = ? AND uuid = ? AND status <> 'cancelled'",
		"is", (int64_t)vv_req_tenant_id(r), vv_req_arg(r, "uuid"));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	memset(e, 0, sizeof(*e));
	e->id = vv_db_int(res, 0, 0);
	e->uuid = vv_db_str(res, 1);
	e->capacity = vv_db_int(res, 2, 0);
	e->closed = vv_db_int(res, 3, 1) != 0;
	return 0;
}

const char *vv_pa_event_name(vv_req_t *r, int64_t event_id, const char **starts_at)
{
	int err = 0;
	/* The page language first, then the event's other languages. */
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT x.name, e.starts_at FROM events e"
		" LEFT JOIN event_texts x ON x.event_id = e.id"
		" WHERE e.tenant_id = ? AND e.id = ?"
		" ORDER BY x.language = ? DESC, FIELD(x.language, 'fi', 'sv', 'en') LIMIT 1",
		"iis", (int64_t)vv_req_tenant_id(r), (int64_t)event_id, vv_req_lang(r));
	if (starts_at)
		*starts_at = NULL;
	if (!res || !vv_db_next(res))
		return "";
	if (starts_at)
		*starts_at = vv_db_str(res, 1);
	const char *name = vv_db_str(res, 0);
	return name ? name : "";
}

xmlNodePtr vv_pa_page(vv_req_t *r, const struct vv_pa_event *e, int *err)
{
	vv_arena_t *a = vv_req_arena(r);
	const int64_t tenant = vv_req_tenant_id(r);
	vv_db_res_t *res = vv_db_query(a, err,
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
		"ii", (int64_t)tenant, (int64_t)e->id);
	if (!res)
		return NULL;
	const char *starts = NULL;
	const char *name = vv_pa_event_name(r, e->id, &starts);
	xmlNodePtr page = vv_page(r);
	xmlNodePtr ev = vv_xml_add(page, "event");
	vv_xml_attr(ev, "uuid", e->uuid);
	vv_xml_attr(ev, "name", name);
	vv_xml_attr(ev, "starts", starts);
	if (e->closed)
		vv_xml_attr(ev, "closed", "1");
	xmlNodePtr ps = vv_xml_add(page, "participants");
	vv_xml_attr(ps, "event", e->uuid);
	vv_xml_attr_int(ps, "capacity", e->capacity);
	int64_t customers = 0;
	while (vv_db_next(res)) {
		xmlNodePtr p = vv_xml_add(ps, "p");
		const char *kind = vv_db_str(res, 1);
		const char *status = vv_db_str(res, 2);
		if (strcmp(kind, "customer") == 0 && strcmp(status, "enrolled") == 0)
			customers++;
		vv_xml_attr(p, "id", vv_db_str(res, 0));
		vv_xml_attr(p, "kind", kind);
		vv_xml_attr(p, "status", status);
		/* A partner tenant's customer in a shared event: counted, but
		 * nothing of theirs is shown, and they are not removed here. */
		if (vv_db_int(res, 7, 1) != 0) {
			vv_xml_attr(p, "partner", "1");
			continue;
		}
		vv_xml_attr(p, "email", vv_db_str(res, 3));
		vv_xml_attr(p, "first", vv_db_str(res, 4));
		vv_xml_attr(p, "last", vv_db_str(res, 5));
		const char *u = vv_db_str(res, 6);
		vv_xml_attr(p, "user", u ? u : "");
	}
	vv_xml_attr_int(ps, "customers", customers);
	return ps;
}

const char *vv_pa_details_path(vv_req_t *r, const char *event_uuid)
{
	return vv_sprintf(vv_req_arena(r), "/%s/ecare/events/%s", vv_req_lang(r), event_uuid);
}

/* ---- Input checks */

/* Not vv_form_email: the address is kept as typed (the collation compares
 * it without case), so only the check is the core's. */
const char *vv_pa_email_field(vv_req_t *r, const char *field)
{
	const char *v = vv_form_trimmed(r, field);
	long n = vv_utf8_chars(v);
	if (*v == '\0')
		vv_form_error(r, field, "err.required");
	else if (n > VV_PA_EMAIL_MAX)
		vv_form_error(r, field, "err.too-long");
	else if (!vv_email_valid(v))
		vv_form_error(r, field, "err.email");
	return v;
}
