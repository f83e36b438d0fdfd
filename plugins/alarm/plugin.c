/* Plugin "alarm" (R-EN-4..6): the route table. The green bar and its
 * script live in xsl/alarm-bar.xsl and xsl/static/js/alarm.js; the layout
 * (xsl/layout.xsl) puts the bar on every page of a signed-in user but the
 * call page. The call page the bar leads to, GET /{lang}/ecare/call/{uuid},
 * is plugin "call". */
#include "alarm.h"

static const struct vv_route routes[] = {
	/* The hottest path of the system: every tablet asks every 5 s. It
	 * proves the session itself (a cached answer keyed by it) and asks
	 * the core for the full check only when it has to (poll.c). */
	{"GET", "/ecare/poll", vv_alarm_poll, VV_ROLES_USER, VV_ROUTE_OWN_SESSION, NULL},
	{0},
};

VV_PLUGIN("alarm", routes, NULL, vv_alarm_cache_fini, NULL);
