/* Kalenterisyöte: the page where a staff member makes, replaces or
 * revokes the address of their own feed (/account/calendar-feed), and
 * where the admin does the same for a customer, who has no such page -
 * for a relative who keeps the customer's calendar
 * (/admin/customers/{uuid}/calendar-feed). The address is shown once,
 * right after it was made (only its hash is kept); afterwards the page
 * says a feed is live since when. Revoking answers 404 to the old address
 * at once. */
#include <string.h>
#include "feeds.h"

/* Whose feed the page is about. */
struct whose {
	int64_t user;
	const char *uuid, *name; /* a customer's (admin page); NULL for one's own */
};

static const char *local_time(vv_req_t *r, int64_t t)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), t, &l) != 0)
		return "";
	if (strcmp(vv_req_lang(r), "en") == 0)
		return vv_sprintf(vv_req_arena(r), "%d/%d/%d %02d:%02d", l.d, l.m, l.y, l.hh, l.mm);
	return vv_sprintf(vv_req_arena(r), "%d.%d.%d %02d.%02d", l.d, l.m, l.y, l.hh, l.mm);
}

/* <feed action="/account/calendar-feed" live="1" since=".." [url=".."]
 *  [customer=".." uuid=".."] [nourl="1"] [done=".."]/> */
static int page(vv_req_t *r, const struct whose *w, const char *action, const char *token)
{
	vv_arena_t *a = vv_req_arena(r);
	int64_t created = 0;
	int live = vv_feeds_live(a, vv_req_tenant_id(r), w->user, &created);
	if (live < 0)
		return live;
	xmlNodePtr f = vv_xml_add(vv_page(r), "feed");
	vv_xml_attr(f, "action", action);
	vv_xml_attr(f, "live", live ? "1" : "0");
	if (live)
		vv_xml_attr(f, "since", local_time(r, created));
	if (w->name) {
		vv_xml_attr(f, "customer", w->name);
		vv_xml_attr(f, "uuid", w->uuid);
	}
	if (token) {
		const char *url = vv_feeds_url(a, token);
		if (url)
			vv_xml_attr(f, "url", url);
	}
	if (!vv_feeds_url(a, "x"))
		vv_xml_attr(f, "nourl", "1");
	const char *done = vv_req_query(r, "done");
	if (done && strcmp(done, "revoked") == 0) {
		xmlNodePtr fl = vv_xml_add(vv_page(r), "flash");
		vv_xml_attr(fl, "key", "feeds.flash.revoked");
	}
	return 200;
}

/* The POST of either page: do=create (also replaces) or do=revoke. */
static int post(vv_req_t *r, const struct whose *w, const char *action)
{
	const char *what = vv_req_form(r, "do");
	bool issue = what && strcmp(what, "create") == 0;
	if (!issue && !(what && strcmp(what, "revoke") == 0)) {
		vv_form_error(r, "do", "feeds.error.action");
		int rc = page(r, w, action, NULL);
		return rc < 0 ? rc : 422;
	}
	if (issue && !vv_feeds_url(vv_req_arena(r), "x")) {
		/* A token nobody can turn into a working address helps no one. */
		vv_form_error(r, "do", "feeds.error.nourl");
		int rc = page(r, w, action, NULL);
		return rc < 0 ? rc : 422;
	}
	const char *token = NULL;
	int rc = vv_feeds_replace(r, vv_req_tenant_id(r), w->user, issue, &token);
	if (rc < 0)
		return rc;
	if (!issue)
		return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s%s?done=revoked",
							   vv_req_lang(r), action));
	/* Rendered here, not redirected: the token must not travel in a URL
	 * that browsers and logs keep. */
	return page(r, w, action, token);
}

int vv_feeds_own_page(vv_req_t *r)
{
	struct whose w = { .user = vv_req_user_id(r) };
	return page(r, &w, "/account/calendar-feed", NULL);
}

int vv_feeds_own_post(vv_req_t *r)
{
	struct whose w = { .user = vv_req_user_id(r) };
	return post(r, &w, "/account/calendar-feed");
}

/* The route's customer, of the admin's own tenant only. */
static int customer(vv_req_t *r, struct whose *w)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *uuid = vv_req_arg(r, "uuid");
	if (!vv_uuid_valid(uuid))
		return VV_NOTFOUND;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, first_name, last_name FROM users WHERE uuid = ? AND tenant_id = ?"
		" AND role = 'customer'",
		VV_DB_ARGS(VV_DB_S(uuid), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	w->user = vv_db_int(res, 0, 0);
	w->uuid = uuid;
	w->name = vv_sprintf(a, "%s %s", vv_db_str(res, 1), vv_db_str(res, 2));
	return 0;
}

int vv_feeds_admin_page(vv_req_t *r)
{
	struct whose w;
	int rc = customer(r, &w);
	if (rc < 0)
		return rc;
	return page(r, &w, vv_sprintf(vv_req_arena(r), "/admin/customers/%s/calendar-feed", w.uuid), NULL);
}

int vv_feeds_admin_post(vv_req_t *r)
{
	struct whose w;
	int rc = customer(r, &w);
	if (rc < 0)
		return rc;
	return post(r, &w, vv_sprintf(vv_req_arena(r), "/admin/customers/%s/calendar-feed", w.uuid));
}
