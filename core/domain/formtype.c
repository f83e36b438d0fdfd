/* vv_form_type_group: the event type and external group a form names
 * (Tapahtuman tyyppi, Näytä ulkopuoliselle ryhmälle), resolved to the
 * tenant's own rows. Events and recordings ask the same two questions in
 * the same order; another tenant's uuid is "no such row", never a hint
 * that it exists. */
#include <string.h>
#include "core.h"
#include "vv/form.h"
#include "vv/uuid.h"

/* The id of the tenant's row with this uuid in *id (0 when none, also for
 * anything that is no uuid). */
static int own_id(vv_req_t *r, const char *sql, const char *uuid, int64_t *id)
{
	*id = 0;
	if (!vv_uuid_valid(uuid))
		return VV_OK;
	int err = 0;
	vv_db_res_t *res = vv_db_query(r->arena, &err, sql,
				       VV_DB_ARGS(VV_DB_S(uuid), VV_DB_I(r->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	*id = vv_db_next(res) ? vv_db_int(res, 0, 0) : 0;
	return VV_OK;
}

/* name: the tenant's rows of table (sql) as <name uuid="" name=""/> under form. */
static int add_options(vv_req_t *r, xmlNodePtr form, const char *sql, const char *name)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(r->arena, &err, sql, VV_DB_ARGS(VV_DB_I(r->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	while (vv_db_next(res)) {
		xmlNodePtr o = vv_xml_add(form, name);
		vv_xml_attr(o, "uuid", vv_db_str(res, 0));
		vv_xml_attr(o, "name", vv_db_str(res, 1));
	}
	return VV_OK;
}

int vv_form_type_group_options(vv_req_t *r, xmlNodePtr form, bool groups)
{
	int rc = add_options(r, form,
		"SELECT uuid, name FROM event_types WHERE tenant_id = ?"
		" ORDER BY name" VV_NAME_ORDER ", id", "type");
	if (rc < 0 || !groups)
		return rc;
	return add_options(r, form,
		"SELECT uuid, name FROM external_groups WHERE tenant_id = ?"
		" ORDER BY name" VV_NAME_ORDER ", id", "group");
}

int vv_form_type_group(vv_req_t *r, const char *type, const char *group, const char *area,
		       int64_t *type_id, int64_t *group_id)
{
	*type_id = *group_id = 0;
	int rc;
	if (!type || !*type) {
		vv_form_error(r, "type", "err.required");
	} else {
		rc = own_id(r, "SELECT id FROM event_types WHERE uuid = ? AND tenant_id = ?", type,
			    type_id);
		if (rc < 0)
			return rc;
		if (!*type_id)
			vv_form_error(r, "type", vv_sprintf(r->arena, "%s.err.type", area));
	}
	if (!group || !*group)
		return VV_OK;
	/* R-EV-5: only an organiser (the contract allows sharing) names a group. */
	struct vv_contract c;
	if ((rc = vv_contract_get(r, &c)) != 0)
		return rc;
	if (!c.sharing_allowed)
		return vv_check_sharing(r, "group") == VV_UNAVAILABLE ? VV_UNAVAILABLE : VV_OK;
	rc = own_id(r, "SELECT id FROM external_groups WHERE uuid = ? AND tenant_id = ?", group,
		    group_id);
	if (rc < 0)
		return rc;
	if (!*group_id)
		vv_form_error(r, "group", vv_sprintf(r->arena, "%s.err.group", area));
	return VV_OK;
}
