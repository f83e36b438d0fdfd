/* Plugin "alarm" (R-EN-4..6): the route table. The green bar and its
 * script live in xsl/alarm-bar.xsl and xsl/static/js/calendar.js; the
 * calendar page (plugin enrolment) calls the bar's template. The call
 * page the bar leads to, GET /{lang}/ecare/call/{uuid}, is plugin "call". */
#include "alarm.h"

static const struct vv_route routes[] = {
	/* The hottest path of the system: every tablet asks every 5 s. */
	{"GET", "/ecare/poll", vv_alarm_poll, VV_ROLES_USER, 0, NULL},
	{0},
};

VV_PLUGIN("alarm", routes, NULL, NULL, NULL);
