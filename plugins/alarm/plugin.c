/* Plugin "alarm" (R-EN-4..6): the route table. The green bar and its
 * script live in xsl/alarm-bar.xsl and xsl/static/js/calendar.js; the
 * calendar page (plugin enrolment) calls the bar's template. */
#include "alarm.h"

static const struct vv_route routes[] = {
	/* The hottest path of the system: every tablet asks every 5 s. */
	{"GET", "/ecare/poll", vv_alarm_poll, VV_ROLES_USER, 0, NULL},
	/* Placeholder until the call page of issue #6 replaces it. Delete this
	 * route, call.c, xsl/alarm-call.xsl and the alarm.call.* texts when
	 * plugin "call" lands: plugins load in name order, and the first
	 * route that matches wins, so this one would hide the real page. */
	{"GET", "/ecare/call/{uuid}", vv_alarm_call, VV_ROLES_USER, 0, "alarm-call.xsl"},
	{0},
};

VV_PLUGIN("alarm", routes, NULL, NULL, NULL);
