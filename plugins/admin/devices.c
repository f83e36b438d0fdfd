/* A customer's signed-in devices on the admin's customer page: every
 * tablet session a login link started (when it signed in, when it was
 * last seen, which link), and ending one or all of them. An ended session
 * is gone at once: the tablet's next request (its poll comes every few
 * seconds) finds no session and shows the calm "ask for a new link" page
 * (the auth plugin's /signed-out). The login link itself stays as it was:
 * an unused link is no device. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "admin.h"

/* "d.m.yyyy hh:mm" in the tenant's zone; "" when the zone cannot say. */
static const char *local_time(vv_req_t *r, int64_t utc)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), utc, &l) != 0)
		return "";
	return vv_sprintf(vv_req_arena(r), "%d.%d.%d %02d:%02d", l.d, l.m, l.y, l.hh, l.mm);
}

void vv_admin_devices_xml(vv_req_t *r, xmlNodePtr form, int64_t user_id)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		vv_req_arena(r), &err,
		"SELECT s.id, UNIX_TIMESTAMP(s.created_at), UNIX_TIMESTAMP(s.last_seen),"
		" UNIX_TIMESTAMP(l.created_at), l.revoked_at IS NULL AND l.id IS NOT NULL"
		" FROM sessions s LEFT JOIN login_links l ON l.id = s.login_link_id AND l.tenant_id = s.tenant_id"
		" WHERE s.tenant_id = ? AND s.user_id = ? AND s.kind = 'link'"
		" AND s.expires_at > UTC_TIMESTAMP() AND s.idle_expires_at > UTC_TIMESTAMP()"
		" ORDER BY s.last_seen DESC, s.id",
		VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_I(user_id)));
	xmlNodePtr d = vv_xml_add(form, "devices");
	/* Where a care worker chooses the tablet's camera and microphone, on
	 * the tablet (plugin call's /ecare/devices): the address to open there. */
	if (vv_route_exists("GET", "/ecare/devices"))
		vv_xml_attr(d, "setup", vv_sprintf(vv_req_arena(r), "%s/%s/ecare/devices",
						   vv_public_url(vv_req_arena(r)), vv_req_lang(r)));
	if (!res) {
		vv_xml_attr(d, "error", "1");
		return;
	}
	while (vv_db_next(res)) {
		xmlNodePtr n = vv_xml_add(d, "device");
		vv_xml_attr_int(n, "id", vv_db_int(res, 0, 0));
		vv_xml_attr(n, "since", local_time(r, vv_db_int(res, 1, 0)));
		vv_xml_attr(n, "seen", local_time(r, vv_db_int(res, 2, 0)));
		int64_t link = vv_db_int(res, 3, 0);
		if (link)
			vv_xml_attr(n, "link", local_time(r, link));
		vv_xml_attr(n, "current-link", vv_db_int(res, 4, 0) ? "1" : "0");
	}
}

struct end_ctx {
	vv_req_t *r;
	const struct vv_admin_user *u;
	int64_t session_id; /* 0: every device */
	int64_t ended;      /* out */
};

static int end_tx(vv_arena_t *a, void *p)
{
	struct end_ctx *c = p;
	int64_t n = vv_db_exec(a,
			       "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ? AND kind = 'link'"
			       " AND (? = 0 OR id = ?)",
			       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(c->r)), VV_DB_I(c->u->id),
					  VV_DB_I(c->session_id), VV_DB_I(c->session_id)));
	if (n < 0)
		return (int)n;
	c->ended = n;
	if (n == 0)
		return 0;
	/* The alarm poll answers from copies per session (vv/changes.h). */
	int rc = vv_user_changed(a, c->u->id);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, c->session_id ? "user.device.end" : "user.device.end_all",
			vv_sprintf(a, "user=%s devices=%lld", c->u->uuid, (long long)n));
}

static int end_devices(vv_req_t *r, int64_t session_id)
{
	struct vv_admin_user u;
	int rc = vv_admin_load_user(r, &u);
	if (rc < 0)
		return rc;
	if (strcmp(u.kind, "customer") != 0)
		return VV_NOTFOUND;
	struct end_ctx c = {r, &u, session_id, 0};
	rc = vv_db_tx(vv_req_arena(r), end_tx, &c);
	if (rc < 0)
		return rc;
	/* Already ended (another admin, the ticker): the page says so
	 * instead of claiming to have done it. */
	const char *done = c.ended ? (session_id ? "device-ended" : "devices-ended") : "device-gone";
	return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s/admin/users/%s?done=%s#devices",
						   vv_req_lang(r), u.uuid, done));
}

int vv_admin_device_end(vv_req_t *r)
{
	/* {id:int}: digits only, so strtoll cannot be given anything else. */
	const char *arg = vv_req_arg(r, "id");
	long long id = arg ? strtoll(arg, NULL, 10) : 0;
	if (id <= 0 || id == LLONG_MAX)
		return VV_NOTFOUND;
	return end_devices(r, id);
}

int vv_admin_devices_end(vv_req_t *r)
{
	return end_devices(r, 0);
}
