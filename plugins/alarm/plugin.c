/* Plugin "alarm" (R-EN-4..6): the route table. The green bar and its
 * script live in xsl/alarm-bar.xsl and static/js/alarm.js; the bar is a
 * page-wide part (below), so it is on every page of a signed-in user but
 * the call page, which overrides its mode. The call page the bar leads to, GET /{lang}/ecare/call/{uuid},
 * is plugin "call". */
#include "alarm.h"

static const struct vv_route routes[] = {
	/* The hottest path of the system: every tablet asks every 5 s. It
	 * proves the session itself (a cached answer keyed by it) and asks
	 * the core for the full check only when it has to (poll.c). */
	{"GET", "/ecare/poll", vv_alarm_poll, VV_ROLES_USER, VV_ROUTE_OWN_SESSION | VV_ROUTE_JSON, NULL},
	{0},
};

/* The green bar, first in <main> of every page (alarm-bar.xsl). */
static const struct vv_part parts[] = {
	{VV_SLOT_MAIN_TOP, "alarm", "alarm-bar.xsl", 0},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "alarm", .routes = routes, .fini = vv_alarm_cache_fini,
		    .parts = parts };
