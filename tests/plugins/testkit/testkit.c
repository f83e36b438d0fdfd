/* A plugin the tests build from outside the tree, against the installed
 * headers only (pkg-config vvhome-plugin), to prove that a hosting
 * provider can do the same. Its routes exercise the core: form parsing,
 * typed parameters, CSRF, roles and graceful stop. Never installed.
 *
 * Built with -DTESTKIT_BAD_ABI it claims another ABI version and must be
 * refused; with -DTESTKIT_NAME=... it loads under another name. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vv/vv.h>

#ifndef TESTKIT_NAME
#define TESTKIT_NAME "testkit"
#endif

/* Echoes every form and query field as name=value lines. */
static int testkit_echo(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	static const char *names[] = {"a", "b", "c", "q", "greeting", NULL};
	char *out = vv_strdup(a, "");
	for (int i = 0; names[i]; i++) {
		const char *v = vv_req_param(r, names[i]);
		if (v)
			out = vv_sprintf(a, "%s%s=%s\n", out, names[i], v);
	}
	size_t len = 0;
	const char *fname = NULL, *ctype = NULL;
	const char *file = vv_req_file(r, "upload", &len, &fname, &ctype);
	if (file)
		out = vv_sprintf(a, "%supload=%s %s %lu\n", out, fname ? fname : "-",
				 ctype ? ctype : "-", (unsigned long)len);
	return vv_resp_body(r, "text/plain; charset=utf-8", out, strlen(out));
}

static int testkit_item(vv_req_t *r)
{
	const char *s = vv_sprintf(vv_req_arena(r), "item %s\n", vv_req_arg(r, "uuid"));
	return vv_resp_body(r, "text/plain; charset=utf-8", s, strlen(s));
}

/* Who the core says is asking: proves sessions reach plugins. */
static int testkit_whoami(vv_req_t *r)
{
	const char *name = vv_req_user_name(r);
	const char *s = vv_sprintf(vv_req_arena(r), "%s %lld\n", name ? name : "-",
				   (long long)vv_req_tenant_id(r));
	return vv_resp_body(r, "text/plain; charset=utf-8", s, strlen(s));
}

/* Holds the worker for a moment, to test stopping with requests in flight. */
static int testkit_slow(vv_req_t *r)
{
	usleep(1500 * 1000);
	return vv_resp_body(r, "text/plain; charset=utf-8", "slow done\n", 10);
}

static int testkit_page(vv_req_t *r)
{
	vv_xml_text(vv_page(r), "home", vv_req_query(r, "q"));
	return 200;
}

static const struct vv_route testkit_routes[] = {
	{"POST", "/testkit/echo", testkit_echo, VV_ROLES_ALL, 0, NULL},
	{"POST", "/testkit/echo-nocsrf", testkit_echo, VV_ROLES_ALL, VV_ROUTE_NOCSRF, NULL},
	{"GET", "/testkit/echo", testkit_echo, VV_ROLES_ALL, 0, NULL},
	{"GET", "/testkit/item/{uuid}", testkit_item, VV_ROLES_ALL, 0, NULL},
	{"GET", "/testkit/staff", testkit_whoami, VV_ROLES_STAFF, 0, NULL},
	{"GET", "/testkit/slow", testkit_slow, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", "/testkit/page", testkit_page, VV_ROLES_ALL, 0, "home.xsl"},
	{0},
};

#ifdef TESTKIT_BAD_ABI
/* What a plugin built against a future header would carry. */
__attribute__((visibility("default"))) const struct vv_plugin vv_plugin_entry = {
	.abi_version = VV_ABI_VERSION + 1, .plugin_size = sizeof(struct vv_plugin),
	.route_size = sizeof(struct vv_route), .name = TESTKIT_NAME, .routes = testkit_routes};
#else
VV_PLUGIN(TESTKIT_NAME, testkit_routes, NULL, NULL, NULL);
#endif
