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
		VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_S(vv_req_arg(r, "uuid"))));
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
		"SELECT " VV_CARE_EVENT_NAME("e.id", "?") ", e.starts_at FROM events e"
		" WHERE e.tenant_id = ? AND e.id = ?",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_I(vv_req_tenant_id(r)),
			   VV_DB_I(event_id)));
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
	const char *starts = NULL;
	const char *name = vv_pa_event_name(r, e->id, &starts);
	xmlNodePtr page = vv_page(r);
	xmlNodePtr ev = vv_xml_add(page, "event");
	vv_xml_attr(ev, "uuid", e->uuid);
	vv_xml_attr(ev, "name", name);
	vv_xml_attr(ev, "starts", starts);
	if (e->closed)
		vv_xml_attr(ev, "closed", "1");
	return vv_care_participants_xml(r, page, e->id, e->uuid, e->capacity, err);
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
