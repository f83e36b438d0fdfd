/* Consent before media (issue #11, item 5). A recorded event says so
 * where a customer enrols, in the green bar and on the join-link page; on
 * the call page a customer or a guest answers before any camera or
 * microphone starts. Accepting joins as before; declining still lets them
 * watch and listen - an exercise class or a lecture is worth following
 * without being seen, and sending nothing means nothing of them is
 * recorded - with credentials the Janus gate lets send nothing (…/join:
 * the adapter's watch_only). Until they answer, …/join hands out the same
 * watch-only credentials: the server, not the page, decides what may be
 * sent. Staff of the event's tenant run the event and are not asked.
 * Each person shown the notice gets a row in call_consents (shown, answered,
 * accepted) that staff see on Tiedot. */
#include <string.h>
#include <jansson.h>
#include "call.h"

bool call_consent_asked(const struct call_ev *ev)
{
	return ev->record && !ev->staff;
}

int call_consent_get(vv_req_t *r, const struct call_ev *ev)
{
	if (!call_consent_asked(ev))
		return CALL_CONSENT_NONE;
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT accepted FROM call_consents WHERE event_id = ? AND tenant_id = ? AND member_key = ?",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id), VV_DB_S(ev->member_key)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res) || !vv_db_str(res, 0))
		return CALL_CONSENT_ASK;
	return vv_db_int(res, 0, 0) ? CALL_CONSENT_YES : CALL_CONSENT_NO;
}

int call_consent_shown(vv_req_t *r, const struct call_ev *ev)
{
	int64_t n = vv_db_exec(vv_req_arena(r),
		"INSERT IGNORE INTO call_consents (event_id, tenant_id, member_key, display, shown_at)"
		" VALUES (?, ?, ?, ?, UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id), VV_DB_S(ev->member_key),
			   VV_DB_S(ev->display ? ev->display : "")));
	return n < 0 ? (int)n : 0;
}

struct consent_ctx {
	vv_req_t *r;
	const struct call_ev *ev;
	bool accepted;
};

static int consent_tx(vv_arena_t *a, void *p)
{
	struct consent_ctx *c = p;
	const struct call_ev *ev = c->ev;
	int64_t n = vv_db_exec(a,
		"INSERT INTO call_consents (event_id, tenant_id, member_key, display, shown_at,"
		" answered_at, accepted) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), ?)"
		" ON DUPLICATE KEY UPDATE display = VALUES(display), answered_at = VALUES(answered_at),"
		" accepted = VALUES(accepted)",
		VV_DB_ARGS(VV_DB_I(ev->id), VV_DB_I(ev->tenant_id), VV_DB_S(ev->member_key),
			   VV_DB_S(ev->display ? ev->display : ""), VV_DB_I(c->accepted ? 1 : 0)));
	if (n < 0)
		return (int)n;
	/* the event's tenant's log: a guest has none of its own */
	return vv_audit_for(c->r, ev->tenant_id, c->accepted ? "call.consent.accept" : "call.consent.decline",
			    vv_sprintf(a, "event %s", ev->uuid));
}

/* POST …/consent accept=1|0: the answer of the person asking. */
int call_consent(vv_req_t *r)
{
	struct call_ev ev;
	int rc = call_load(r, &ev);
	if (rc != 0)
		return rc == VV_NOTFOUND ? call_json_error(r, 404, "call.notfound") : rc;
	if (call_expire(r, &ev))
		return call_json_error(r, 409, "call.ended");
	const char *v = vv_form_trimmed(r, "accept");
	if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)
		return call_json_error(r, 400, "call.invalid");
	if (!call_consent_asked(&ev))
		return call_json_error(r, 409, "call.invalid"); /* nothing to answer */
	struct consent_ctx c = {r, &ev, v[0] == '1'};
	rc = vv_db_tx(vv_req_arena(r), consent_tx, &c);
	if (rc < 0)
		return rc;
	return call_json(r, 200, json_pack("{s:b, s:b}", "ok", 1, "accepted", c.accepted));
}
