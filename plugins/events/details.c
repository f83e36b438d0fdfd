/* Tiedot (R-EV-11): the event's details, its participants (the section
 * belongs to the participants plugin; vv_care_participants_xml builds
 * its document), the join links and, once the event has begun, who was
 * in its call (vv_attendance_event_xml; the CSV is attendance.c's).
 *
 * A link is shown once, on the response that issued it: only its hash is
 * stored, so that the database alone never lets anyone into a call. To
 * give a link again staff issue a new one explicitly; issuing no longer
 * revokes the links already sent, and every active link is listed (kind,
 * when, by whom) with its own Peru, so that one leaked link can be ended
 * without ending the others (issue 16). */
#include <stdlib.h>
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
	int err = vv_events_series_xml(r, ev, e->id);
	if (err < 0)
		return err;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT l.id, l.kind, l.created_at, CONCAT_WS(' ', u.first_name, u.last_name)"
		" FROM join_links l LEFT JOIN users u ON u.id = l.created_by AND u.tenant_id = l.tenant_id"
		" WHERE l.event_id = ? AND l.tenant_id = ? AND l.revoked_at IS NULL ORDER BY l.id",
		VV_DB_ARGS(VV_DB_I(e->id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	xmlNodePtr links = vv_xml_add(vv_page(r), "links");
	vv_xml_attr(links, "active", vv_db_rows(res) > 0 ? "1" : "0");
	while (vv_db_next(res)) {
		xmlNodePtr l = vv_xml_add(links, "active");
		vv_xml_attr(l, "id", vv_db_str(res, 0));
		vv_xml_attr(l, "kind", vv_db_str(res, 1));
		vv_xml_attr(l, "created", vv_db_str(res, 2));
		vv_xml_attr(l, "by", vv_db_str(res, 3));
	}
	if (issued) {
		const char *base = vv_events_public_base(r);
		xmlNodePtr l = vv_xml_add(links, "link");
		vv_xml_attr(l, "kind", "desktop");
		vv_xml_attr(l, "path", vv_sprintf(a, "%s/%s/join/%s", base, vv_req_lang(r), issued[0]));
		l = vv_xml_add(links, "link");
		vv_xml_attr(l, "kind", "mobile");
		vv_xml_attr(l, "path", vv_sprintf(a, "%s/%s/join/%s?m=1", base, vv_req_lang(r),
						  issued[1]));
	}
	/* Läsnäolo once the event has begun: every join and leave so far. */
	if (e->starts_utc <= (int64_t)time(NULL) && (err = vv_attendance_event_xml(r, vv_page(r), e->id)) < 0)
		return err;
	vv_events_flash(r);
	int crc = vv_events_consents_xml(r, e); /* who was told it is recorded */
	if (crc < 0)
		return crc;
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
	int64_t one;         /* revoke only this link (its id); 0: all */
};

static int links_tx(vv_arena_t *a, void *p)
{
	struct links_ctx *c = p;
	int64_t tenant = vv_req_tenant_id(c->r);
	int64_t n;
	if (!c->hash[0]) {
		/* id 0 matches every link of the event; another id only itself. */
		n = vv_db_exec(a,
			"UPDATE join_links SET revoked_at = UTC_TIMESTAMP()"
			" WHERE event_id = ? AND tenant_id = ? AND revoked_at IS NULL AND (? = 0 OR id = ?)",
			VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_I(tenant), VV_DB_I(c->one), VV_DB_I(c->one)));
		if (n < 0)
			return (int)n;
		if (c->one && n == 0)
			return VV_NOTFOUND;
		return vv_audit(c->r, "event.links.revoke",
				c->one ? vv_sprintf(a, "event=%s link=%lld", c->e->uuid, (long long)c->one)
				       : vv_sprintf(a, "event=%s", c->e->uuid));
	}
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
	struct links_ctx c = {r, &e, {NULL, NULL}, 0};
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

/* Peru linkit (all) and, with an {id}, Peru on one link's row. */
int vv_events_links_revoke(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	struct links_ctx c = {r, &e, {NULL, NULL}, 0};
	const char *id = vv_req_arg(r, "id");
	if (id && (c.one = strtoll(id, NULL, 10)) <= 0)
		return VV_NOTFOUND;
	rc = vv_db_tx(vv_req_arena(r), links_tx, &c);
	if (rc < 0)
		return rc;
	return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s/ecare/events/%s?done=%s#links",
						   vv_req_lang(r), e.uuid, c.one ? "revoked-one" : "revoked"));
}

const char *vv_events_public_base(vv_req_t *r)
{
	/* [app] public_url, the address people reach vvhome at, as in e-mail.
	 * Only when it is unset the request's own host, with http unless the
	 * proxy said https: right for a test or `make run`, not to be relied on
	 * behind a proxy that rewrites Host. */
	vv_arena_t *a = vv_req_arena(r);
	const char *base = vv_public_url(a);
	if (base)
		return base;
	const char *host = vv_req_header(r, "Host");
	const char *proto = vv_req_header(r, "X-Forwarded-Proto");
	if (!host || !*host || strpbrk(host, "/\\@ \t\"<>"))
		return "";
	return vv_sprintf(a, "%s://%s", proto && strcmp(proto, "https") == 0 ? "https" : "http", host);
}
