/* Plugin "feeds": the route table and the menu item. The feed itself is
 * anonymous and without a language prefix (/feed/<token>/calendar.ics): calendar
 * programs carry no session, the token is the key. */
#include "feeds.h"

static const struct vv_route routes[] = {
	/* calendar.ics: some programs look at the address's end. */
	{"GET", "/feed/{token}/calendar.ics", vv_feeds_serve, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/feed/{token}", vv_feeds_serve, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/account/calendar-feed", vv_feeds_own_page, VV_ROLES_STAFF, 0, "feeds.xsl"},
	{"POST", "/account/calendar-feed", vv_feeds_own_post, VV_ROLES_STAFF, 0, "feeds.xsl"},
	/* Customers have no account page: their admin makes it for a relative. */
	{"GET", "/admin/customers/{uuid}/calendar-feed", vv_feeds_admin_page, VV_ROLE_ADMIN, 0,
	 "feeds.xsl"},
	{"POST", "/admin/customers/{uuid}/calendar-feed", vv_feeds_admin_post, VV_ROLE_ADMIN, 0,
	 "feeds.xsl"},
	{0},
};

/* Beside Työntekijät in the company menu, which every staff member has. */
static const struct vv_menu_item menu[] = {
	{"nav.company", NULL, "nav.feed", "/account/calendar-feed", VV_ROLES_STAFF, 330},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "feeds", .routes = routes, .menu = menu };
