/* The front page, the health check and the metrics. */
#include <string.h>
#include <vv/vv.h>

/* The front page: the stylesheet says everything; the document only
 * carries that this is the home page. */
static int vv_home_index(vv_req_t *r)
{
	vv_xml_add(vv_page(r), "home");
	return 200;
}

/* 200 "ok" when this worker can serve pages (the database answers, its
 * stylesheets compiled, the ticker is on time) and the video backend
 * answers (Janus, TURN), else 503 with one line per failure: what a load
 * balancer and a monitor ask. */
static int vv_home_healthz(vv_req_t *r)
{
	const char *core, *video = NULL;
	int rc = vv_health(&core);
	const struct vv_video_ops *v = vv_video(r);
	if (VV_VIDEO_HAS(v, health) && v->health(r, &video) == 0)
		video = NULL;
	if (rc != 0 || video) {
		const char *body = vv_sprintf(vv_req_arena(r), "%s%s%s\n", core ? core : "",
					      core && video ? "\n" : "", video ? video : "");
		vv_resp_body(r, "text/plain; charset=utf-8", body, strlen(body));
		return 503;
	}
	return vv_resp_body(r, "text/plain; charset=utf-8", "ok\n", 3);
}

/* The host's counters for Prometheus, only to [metrics] allow addresses
 * (others get the ordinary 404: the page is not advertised). */
static int vv_home_metrics(vv_req_t *r)
{
	if (!vv_metrics_allowed(r))
		return VV_NOTFOUND;
	size_t len;
	const char *text = vv_metrics_text(r, &len);
	return vv_resp_body(r, "text/plain; version=0.0.4; charset=utf-8", text, len);
}

static const struct vv_route routes[] = {
	{"GET", "/", vv_home_index, VV_ROLES_ALL, 0, "home.xsl"},
	{"GET", "/healthz", vv_home_healthz, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/metrics", vv_home_metrics, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{0},
};

VV_PLUGIN("home", routes, NULL, NULL, NULL);
