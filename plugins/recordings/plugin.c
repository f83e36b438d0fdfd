/* Plugin "recordings" (Muokkaa kalenterin nauhoituksia, R-RE-1..4): the
 * route table, the list (R-RE-3) and Poista after a confirmation.
 * Operators and admins manage recordings; professionals and customers get
 * 403 here (customers watch them in the calendar, R-RE-2). */
#include <string.h>
#include "recordings.h"

#define STAFF (VV_ROLE_ADMIN | VV_ROLE_OPERATOR)
/* Rows on one page, in start order; the page's links go on and back
 * (?page=n, from 0). Paged in the database (LIMIT/OFFSET over the tenant's
 * index), so a page costs the same however many recordings there are. */
#define LIST_PAGE 50
#define LIST_PAGES_MAX 2000 /* a larger ?page= is the last one that may be asked for */

static const struct vv_route routes[] = {
	{"GET", "/ecare/recordings", vv_recordings_list, STAFF, 0, "recordings-list.xsl"},
	{"GET", "/ecare/recordings/new", vv_recordings_new_form, STAFF, 0, "recordings-form.xsl"},
	{"POST", "/ecare/recordings/new", vv_recordings_new_post, STAFF, 0, "recordings-form.xsl"},
	{"GET", "/ecare/recordings/{uuid}/delete", vv_recordings_delete_form, STAFF, 0,
	 "recordings-delete.xsl"},
	{"POST", "/ecare/recordings/{uuid}/delete", vv_recordings_delete_post, STAFF, 0,
	 "recordings-delete.xsl"},
	{0},
};

/* eCare Event › Kalenterin asetukset, after Muokkaa kalenteria. */
static const struct vv_menu_item menu[] = {
	{"nav.ecare", "nav.calendar-settings", "nav.recordings", "/ecare/recordings", STAFF, 120},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "recordings", .routes = routes, .menu = menu };

/* The columns both the list and one recording show, in this order; the two
 * parameters are the page's language (the title, a recorded event's name). */
#define COLUMNS \
	"SELECT r.id, r.uuid, " VV_CARE_RECORDING_TITLE("r.id", "r.title", "?") ", r.youtube_id, r.starts_at, t.name, r.`repeat`," \
	" r.until_date, g.name," \
	" " VV_CARE_EVENT_NAME("r.event_id", "?") ", r.languages" \
	" FROM recordings r JOIN event_types t ON t.id = r.type_id AND t.tenant_id = r.tenant_id" \
	" LEFT JOIN external_groups g ON g.id = r.group_id AND g.tenant_id = r.tenant_id"

/* Adds <recording .../> for the current row of a COLUMNS query. */
static xmlNodePtr recording_xml(xmlNodePtr parent, vv_db_res_t *res)
{
	xmlNodePtr n = vv_xml_add(parent, "recording");
	vv_xml_attr(n, "uuid", vv_db_str(res, 1));
	vv_xml_attr(n, "title", vv_db_str(res, 2));
	vv_xml_attr(n, "video", vv_db_str(res, 3));
	vv_xml_attr(n, "starts", vv_db_str(res, 4));
	vv_xml_attr(n, "type", vv_db_str(res, 5));
	vv_xml_attr(n, "repeat", vv_db_str(res, 6));
	vv_xml_attr(n, "until", vv_db_str(res, 7));
	vv_xml_attr(n, "group", vv_db_str(res, 8));
	vv_xml_attr(n, "session", vv_db_str(res, 9)); /* a recorded event's name (R-RE-4) */
	vv_xml_attr(n, "languages", vv_db_str(res, 10)); /* "fi,en" */
	return n;
}

int vv_recordings_list(vv_req_t *r)
{
	const int64_t page = vv_req_page(r, LIST_PAGES_MAX);
	int err = 0;
	/* One row more than the page says whether there is a next page. */
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		COLUMNS " WHERE r.tenant_id = ? AND r.status = 'active'"
		" ORDER BY r.starts_at, r.id LIMIT ? OFFSET ?",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_S(vv_req_lang(r)), VV_DB_I(vv_req_tenant_id(r)),
			   VV_DB_I(LIST_PAGE + 1), VV_DB_I(page * LIST_PAGE)));
	if (!res)
		return err ? err : VV_ERR;
	static const char *const known[] = {"created", "deleted"};
	const char *done = vv_req_query(r, "done");
	for (size_t i = 0; done && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(done, known[i]) == 0)
			vv_xml_attr(vv_xml_add(vv_page(r), "flash"), "key",
				    vv_sprintf(vv_req_arena(r), "recordings.flash.%s", known[i]));
	xmlNodePtr list = vv_xml_add(vv_page(r), "recordings");
	vv_xml_attr_int(list, "page", page);
	vv_xml_attr(list, "more", vv_db_rows(res) > LIST_PAGE ? "1" : "0");
	for (int i = 0; i < LIST_PAGE && vv_db_next(res); i++)
		recording_xml(list, res);
	return 200;
}

/* The active recording named by the route's {uuid} in the session's
 * tenant: its id, and <recording/> on the page; VV_NOTFOUND otherwise
 * (another tenant's uuid included). */
static int load(vv_req_t *r, int64_t *id)
{
	const char *uuid = vv_req_arg(r, "uuid");
	if (!uuid)
		return VV_NOTFOUND;
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		COLUMNS " WHERE r.uuid = ? AND r.tenant_id = ? AND r.status = 'active'",
		VV_DB_ARGS(VV_DB_S(vv_req_lang(r)), VV_DB_S(vv_req_lang(r)), VV_DB_S(uuid),
			   VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	*id = vv_db_int(res, 0, 0);
	recording_xml(vv_page(r), res);
	return 0;
}

int vv_recordings_delete_form(vv_req_t *r)
{
	int64_t id;
	int rc = load(r, &id);
	return rc != 0 ? rc : 200;
}

struct delete_ctx {
	vv_req_t *r;
	int64_t id;
	const char *uuid;
};

static int delete_tx(vv_arena_t *a, void *p)
{
	struct delete_ctx *c = p;
	int64_t n = vv_db_exec(a,
		"UPDATE recordings SET status = 'deleted', deleted_at = UTC_TIMESTAMP()"
		" WHERE id = ? AND tenant_id = ? AND status = 'active'",
		VV_DB_ARGS(VV_DB_I(c->id), VV_DB_I(vv_req_tenant_id(c->r))));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return VV_NOTFOUND; /* deleted meanwhile */
	/* The calendars that showed it: its tenant's and its group's sharers'. */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, "SELECT group_id FROM recordings WHERE id = ?",
				       VV_DB_ARGS(VV_DB_I(c->id)));
	if (!res)
		return err ? err : VV_ERR;
	int64_t group = vv_db_next(res) ? vv_db_int(res, 0, 0) : 0;
	int rc = vv_content_changed(a, vv_req_tenant_id(c->r), group);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "recording.delete", vv_sprintf(a, "recording=%s", c->uuid));
}

int vv_recordings_delete_post(vv_req_t *r)
{
	struct delete_ctx c = {.r = r, .uuid = vv_req_arg(r, "uuid")};
	int rc = load(r, &c.id);
	if (rc == 0)
		rc = vv_db_tx(vv_req_arena(r), delete_tx, &c);
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r),
		"/%s/ecare/recordings?done=deleted", vv_req_lang(r)));
}
