/* Plugin "events" (Muokkaa kalenteria, R-EV-1..12): the route table and
 * what the pages share. Operators and admins create, view, edit and cancel
 * any event of their tenant; professionals and customers enrol and join
 * elsewhere, so they get 403 here. The join-link page is public: the token is the key. */
#include <string.h>
#include <time.h>
#include "events.h"

#define STAFF (VV_ROLE_ADMIN | VV_ROLE_OPERATOR)

static const struct vv_route routes[] = {
	{"GET", "/ecare/events", vv_events_list, STAFF, 0, "events-list.xsl"},
	{"GET", "/ecare/events/new", vv_events_new_form, STAFF, 0, "events-form.xsl"},
	{"POST", "/ecare/events/new", vv_events_new_post, STAFF, 0, "events-form.xsl"},
	/* The form's times for a chosen day (events.js); before {uuid}. */
	{"GET", "/ecare/events/slots", vv_events_slots, STAFF, VV_ROUTE_JSON, NULL},
	{"GET", "/ecare/events/{uuid}", vv_events_details, STAFF, 0, "events-details.xsl"},
	/* A link appears once, on the response that issued it; each active
	 * one is listed with its own Peru (details.c). */
	{"POST", "/ecare/events/{uuid}/links", vv_events_links_issue, STAFF, 0, "events-details.xsl"},
	{"POST", "/ecare/events/{uuid}/links/revoke", vv_events_links_revoke, STAFF, 0,
	 "events-details.xsl"},
	{"POST", "/ecare/events/{uuid}/links/{id:int}/revoke", vv_events_links_revoke, STAFF, 0,
	 "events-details.xsl"},
	/* Läsnäolo as CSV (attendance.c); the page shows it on Tiedot. */
	{"GET", "/ecare/events/{uuid}/attendance", vv_events_attendance_csv, STAFF, 0, NULL},
	{"GET", "/ecare/events/{uuid}/edit", vv_events_edit_form, STAFF, 0, "events-form.xsl"},
	{"POST", "/ecare/events/{uuid}/edit", vv_events_edit_post, STAFF, 0, "events-form.xsl"},
	{"GET", "/ecare/events/{uuid}/delete", vv_events_delete_form, STAFF, 0, "events-delete.xsl"},
	{"POST", "/ecare/events/{uuid}/delete", vv_events_delete_post, STAFF, 0, "events-delete.xsl"},
	/* R-EV-11: professionals without an account join through the link. */
	{"GET", "/join/{token}", vv_events_join, VV_ROLES_ALL, 0, "join.xsl"},
	{0},
};

/* eCare Event › Kalenterin asetukset › Muokkaa kalenteria (R-NAV-2). */
static const struct vv_menu_item menu[] = {
	{"nav.ecare", "nav.calendar-settings", "nav.events", "/ecare/events", STAFF, 110},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "events", .routes = routes, .menu = menu };

int vv_events_load(vv_req_t *r, struct vv_events_event *e)
{
	const char *uuid = vv_req_arg(r, "uuid");
	if (!uuid)
		return VV_NOTFOUND;
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT e.id, e.uuid, t.name, e.starts_at, e.ends_at, UNIX_TIMESTAMP(e.starts_at),"
		" UNIX_TIMESTAMP(e.ends_at), e.duration_minutes, e.max_participants, e.record,"
		" e.forced_answer, e.room_id, e.status,"
		" " VV_CARE_EVENT_NAME("e.id", "?") ", " VV_CARE_PEOPLE("e.id") ","
		" (SELECT GROUP_CONCAT(x.language ORDER BY FIELD(x.language, 'fi', 'sv', 'en'))"
		"  FROM event_texts x WHERE x.event_id = e.id),"
		" g.name"
		" FROM events e JOIN event_types t ON t.id = e.type_id AND t.tenant_id = e.tenant_id"
		" LEFT JOIN external_groups g ON g.id = e.group_id AND g.tenant_id = e.tenant_id"
		" WHERE e.uuid = ? AND e.tenant_id = ? AND e.status <> 'cancelled'",
		VV_DB_ARGS(VV_DB_S(vv_tenant_language(r)), VV_DB_S(uuid),
			   VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	*e = (struct vv_events_event){
		.id = vv_db_int(res, 0, 0),
		.uuid = vv_db_str(res, 1),
		.type_name = vv_db_str(res, 2),
		.starts_at = vv_db_str(res, 3),
		.ends_at = vv_db_str(res, 4),
		.starts_utc = vv_db_int(res, 5, 0),
		.ends_utc = vv_db_int(res, 6, 0),
		.duration = vv_db_int(res, 7, 0),
		.max_participants = vv_db_int(res, 8, 0),
		.record = vv_db_int(res, 9, 0) != 0,
		.forced = vv_db_int(res, 10, 0) != 0,
		.room_id = vv_db_str(res, 11),
		.status = vv_db_str(res, 12),
		.name = vv_db_str(res, 13),
		.enrolled = vv_db_int(res, 14, 0),
		.langs = vv_db_str(res, 15),
		.group_name = vv_db_str(res, 16),
	};
	return 0;
}

/* "EET"/"EEST" of an instant in the tenant's zone, for times staff could
 * misread around a DST change (UX.md). */
static const char *zone_abbr(vv_req_t *r, int64_t utc)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), utc, &l) != 0)
		return NULL;
	return vv_strdup(vv_req_arena(r), l.abbr);
}

xmlNodePtr vv_events_event_xml(vv_req_t *r, xmlNodePtr parent, const struct vv_events_event *e)
{
	xmlNodePtr n = vv_xml_add(parent, "event");
	vv_xml_attr(n, "uuid", e->uuid);
	vv_xml_attr(n, "name", e->name);
	vv_xml_attr(n, "type", e->type_name);
	vv_xml_attr(n, "starts", e->starts_at);
	vv_xml_attr(n, "ends", e->ends_at);
	vv_xml_attr(n, "start-zone", zone_abbr(r, e->starts_utc));
	vv_xml_attr(n, "end-zone", zone_abbr(r, e->ends_utc));
	vv_xml_attr_int(n, "duration", e->duration);
	vv_xml_attr_int(n, "max", e->max_participants);
	vv_xml_attr_int(n, "enrolled", e->enrolled);
	vv_xml_attr(n, "record", e->record ? "1" : "0");
	vv_xml_attr(n, "forced", e->forced ? "1" : "0");
	vv_xml_attr(n, "room", e->room_id);
	vv_xml_attr(n, "status", e->status);
	vv_xml_attr(n, "group", e->group_name);
	if (e->langs) {
		const char *p = e->langs;
		while (*p) {
			size_t len = strcspn(p, ",");
			vv_xml_attr(vv_xml_add(n, "lang"), "code",
				    vv_strndup(vv_req_arena(r), p, len));
			p += len;
			if (*p == ',')
				p++;
		}
	}
	return n;
}

void vv_events_flash(vv_req_t *r)
{
	static const char *const known[] = {"created", "updated", "unchanged", "cancelled",
						   "revoked", "revoked-one", "series", "updated-following",
						   "cancelled-series"};
	const char *done = vv_req_query(r, "done");
	if (!done)
		return;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(done, known[i]) == 0)
			vv_xml_attr(vv_xml_add(vv_page(r), "flash"), "key",
				    vv_sprintf(vv_req_arena(r), "events.flash.%s", known[i]));
}

long vv_events_text_chars(const char *s)
{
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') || *p == 0x7f)
			return -1;
		if ((*p & 0xc0) != 0x80)
			n++;
	}
	return n;
}
