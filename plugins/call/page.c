/* GET /{lang}/ecare/call/{uuid} and /{lang}/ecare/call/t/{token}: the call
 * page (xsl/call.xsl, xsl/static/js/call.js). The page carries what the
 * script needs to start; everything that changes (the end, muting,
 * requests to speak) comes from …/state. No credential is in the page: the
 * script asks …/join when the user proceeds. */
#include <string.h>
#include "call.h"

int call_page(vv_req_t *r)
{
	struct call_ev ev;
	int rc = call_load(r, &ev);
	if (rc != 0)
		return rc;
	bool over = call_expire(r, &ev);
	vv_arena_t *a = vv_req_arena(r);
	xmlNodePtr c = vv_xml_add(vv_page(r), "call");
	vv_xml_attr(c, "event", ev.uuid);
	vv_xml_attr(c, "name", ev.name);
	vv_xml_attr(c, "starts", vv_sprintf(a, "%lld", (long long)ev.starts));
	vv_xml_attr(c, "ends", vv_sprintf(a, "%lld", (long long)ev.ends));
	vv_xml_attr(c, "record", ev.record ? "1" : "0");
	vv_xml_attr(c, "over", over ? "1" : "0");
	vv_xml_attr(c, "who", ev.guest ? "guest" : ev.staff ? "staff" : "customer");
	vv_xml_attr(c, "organiser", call_may_end(r, &ev) ? "1" : "0");
	/* A customer joins without a device step (issue #17): the green bar's
	 * Liity, or forced answer (R-EV-3), is the one press. Staff and guests
	 * check their devices first. */
	vv_xml_attr(c, "autojoin", ev.customer && !ev.guest ? "1" : "0");
	const char *lang = vv_req_lang(r);
	const char *back = NULL;
	if (!ev.guest && vv_route_exists("GET", "/ecare/index/calendar"))
		back = vv_sprintf(a, "/%s/ecare/index/calendar", lang);
	else if (ev.staff && vv_route_exists("GET", "/ecare/events"))
		back = vv_sprintf(a, "/%s/ecare/events", lang);
	vv_xml_attr(c, "back", back);
	/* A recorded event asks customers and guests before any device starts
	 * (consent.c); the first showing is recorded for Tiedot. */
	if (!over && call_consent_asked(&ev)) {
		int consent = call_consent_get(r, &ev);
		if (consent < 0)
			return consent;
		if (consent == CALL_CONSENT_ASK && (rc = call_consent_shown(r, &ev)) < 0)
			return rc;
		vv_xml_attr(c, "consent", consent == CALL_CONSENT_YES ? "yes"
					 : consent == CALL_CONSENT_NO ? "no" : "ask");
	}
	if (ev.staff && ev.record && (vv_req_role(r) & CALL_ROLES_RECORDINGS))
		vv_xml_attr(c, "recordings", vv_sprintf(a, "/%s/ecare/events/%s/recordings", lang, ev.uuid));
	return 200;
}
