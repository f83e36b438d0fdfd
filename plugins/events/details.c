/* Tiedot (R-EV-11): the event's details, its participants (the section
 * belongs to the participants plugin; vv_care_participants_xml builds
 * its document) and
 * the join links, which are shown once, on the response that issued them,
 * because only their hashes are stored. */
#include <string.h>
#include <time.h>
#include "events.h"

/* The whole page; issued holds the new tokens (desktop, mobile) or NULL. */
static int render(vv_req_t *r, const struct vv_events_event *e, const char *const *issued)
{
	vv_arena_t *a = vv_req_arena(r);
	xmlNodePtr ev = vv_events_event_xml(r, vv_page(r), e);
	/* Muokkaa until the event is over (edit.c refuses after that). */
	bool open = strcmp(e->status, "scheduled") == 0 && e->ends_utc > (int64_t)time(NULL);
	vv_xml_attr(ev, "editable", open ? "1" : "0");
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT COUNT(*) FROM join_links"
		" WHERE event_id = ? AND tenant_id = ? AND revoked_at IS NULL",
		VV_DB_ARGS(VV_DB_I(e->id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res || !vv_db_next(res))
		return err ? err : VV_ERR;
	xmlNodePtr links = vv_xml_add(vv_page(r), "links");
	vv_xml_attr(links, "active", vv_db_int(res, 0, 0) > 0 ? "1" : "0");
	if (issued) {
		xmlNodePtr l = vv_xml_add(links, "link");
		vv_xml_attr(l, "kind", "desktop");
		vv_xml_attr(l, "path", vv_sprintf(a, "/%s/join/%s", vv_req_lang(r), issued[0]));
		l = vv_xml_add(links, "link");
		vv_xml_attr(l, "kind", "mobile");
		vv_xml_attr(l, "path", vv_sprintf(a, "/%s/join/%s?m=1", vv_req_lang(r), issued[1]));
	}
	vv_events_flash(r);
	/* The section belongs to the participants plugin's stylesheet; its
	 * document is the care domain's (vv_care_participants_xml). */
	return vv_care_participants_xml(r, vv_page(r), e->id, e->uuid, e->max_participants, &err)
		       ? 0 : err;
}

int vv_events_details(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc == 0)
		rc = render(r, &e, NULL);
	return rc != 0 ? rc : 200;
}

struct links_ctx {
	vv_req_t *r;
	const struct vv_events_event *e;
	const char *hash[2]; /* desktop, mobile; NULL to revoke only */
};

static int links_tx(vv_arena_t *a, void *p)
{
	struct links_ctx *c = p;
	int64_t tenant = vv_req_tenant_id(c->r);
	int64_t n = vv_db_exec(a,
		"UPDATE join_links SET revoked_at = UTC_TIMESTAMP()"
		" WHERE event_id = ? AND tenant_id = ? AND revoked_at IS NULL",
		VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_I(tenant)));
	if (n < 0)
		return (int)n;
	if (!c->hash[0])
		return vv_audit(c->r, "event.links.revoke", vv_sprintf(a, "event=%s", c->e->uuid));
	static const char *const kinds[2] = {"desktop", "mobile"};
	for (int i = 0; i < 2; i++) {
		n = vv_db_exec(a,
			"INSERT INTO join_links (event_id, tenant_id, kind, token_hash, created_by, created_at)"
			" VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())",
			VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_I(tenant), VV_DB_S(kinds[i]),
				   VV_DB_S(c->hash[i]), VV_DB_I(vv_req_user_id(c->r))));
		if (n < 0)
			return (int)n;
	}
	return vv_audit(c->r, "event.links.issue", vv_sprintf(a, "event=%s", c->e->uuid));
}

int vv_events_links_issue(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	const char *tok[2];
	struct links_ctx c = {r, &e, {NULL, NULL}};
	for (int i = 0; i < 2; i++) {
		tok[i] = vv_token_new(a, VV_EVENTS_TOKEN_BYTES);
		if (!tok[i])
			return VV_ERR;
		c.hash[i] = vv_token_hash(a, tok[i]);
	}
	rc = vv_db_tx(a, links_tx, &c);
	if (rc < 0)
		return rc;
	rc = render(r, &e, tok);
	return rc != 0 ? rc : 200;
}

int vv_events_links_revoke(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	struct links_ctx c = {r, &e, {NULL, NULL}};
	rc = vv_db_tx(vv_req_arena(r), links_tx, &c);
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s/ecare/events/%s?done=revoked",
						   vv_req_lang(r), e.uuid));
}
