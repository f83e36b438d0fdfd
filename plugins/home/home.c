/* The front page and the health check. */
#include <vv/vv.h>

/* The front page: the stylesheet says everything; the document only
 * carries that this is the home page. */
static int vv_home_index(vv_req_t *r)
{
	vv_xml_add(vv_page(r), "home");
	return 200;
}

/* 200 when the database answers, 503 when not: what a load balancer asks. */
static int vv_home_healthz(vv_req_t *r)
{
	if (vv_db_ping() != 0) {
		vv_resp_body(r, "text/plain; charset=utf-8", "database unavailable\n", 21);
		return 503;
	}
	return vv_resp_body(r, "text/plain; charset=utf-8", "ok\n", 3);
}

static const struct vv_route routes[] = {
	{"GET", "/", vv_home_index, VV_ROLES_ALL, 0, "home.xsl"},
	{"GET", "/healthz", vv_home_healthz, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{0},
};

VV_PLUGIN("home", routes, NULL, NULL, NULL);
