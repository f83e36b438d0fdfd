/* A plugin the tests build from outside the tree, against the installed
 * headers only (pkg-config vvhome-plugin), to prove that a hosting
 * provider can do the same. Its routes exercise the core: form parsing,
 * typed parameters, CSRF, roles and graceful stop. Never installed.
 *
 * It carries its own stylesheet, catalogue, static file and migration in
 * this folder (installed by its Makefile where pkg-config says).
 *
 * Built with -DTESTKIT_BAD_ABI it claims another ABI version and must be
 * refused; with -DTESTKIT_NAME=... it loads under another name, its
 * routes under /NAME/ unless -DTESTKIT_PREFIX=... says otherwise (the
 * same routes as testkit's: refused as taken); with -DTESTKIT_FRAME it
 * adds a menu and a page-wide part (loaded by tests/http/plugins.test.mjs
 * alone, so that no other test sees its links); with -DTESTKIT_OLD its
 * entry is as small as before those were appended. */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vv/vv.h>

#ifndef TESTKIT_NAME
#define TESTKIT_NAME "testkit"
#endif
#ifndef TESTKIT_PREFIX
#define TESTKIT_PREFIX "/" TESTKIT_NAME
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

/* The row the plugin's own migration (schema/001_testkit.sql) wrote; 0 or
 * the database's VV_ code. */
static int testkit_note(vv_req_t *r, const char **note)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
				       "SELECT note FROM testkit_notes WHERE id = 1", VV_DB_NONE);
	if (!res)
		return err ? err : VV_ERR;
	*note = vv_db_next(res) ? vv_db_str(res, 0) : "";
	return 0;
}

/* A page in the plugin's own stylesheet (xsl/testkit.xsl). */
static int testkit_own_page(vv_req_t *r)
{
	const char *note;
	int rc = testkit_note(r, &note);
	if (rc != 0)
		return rc;
	vv_xml_attr(vv_xml_add(vv_page(r), "testkit"), "note", note);
	return 200;
}

/* A JSON route (VV_ROUTE_JSON) failing as asked: /json/404 not found,
 * /json/403 forbidden, /json/500 an internal error; anything else reads
 * the database (a 503 while it is down). */
static int testkit_json(vv_req_t *r)
{
	const char *n = vv_req_arg(r, "n");
	if (!n)
		n = ""; /* json-staff */
	if (strcmp(n, "404") == 0)
		return VV_NOTFOUND;
	if (strcmp(n, "403") == 0)
		return VV_FORBIDDEN;
	if (strcmp(n, "500") == 0)
		return VV_ERR;
	const char *note;
	int rc = testkit_note(r, &note);
	if (rc != 0)
		return rc;
	const char *s = vv_sprintf(vv_req_arena(r), "{\"ok\":true,\"note\":\"%s\"}", note);
	return vv_resp_body(r, "application/json", s, strlen(s));
}

static const struct vv_route testkit_routes[] = {
	{"POST", TESTKIT_PREFIX "/echo", testkit_echo, VV_ROLES_ALL, 0, NULL},
	{"POST", TESTKIT_PREFIX "/echo-nocsrf", testkit_echo, VV_ROLES_ALL, VV_ROUTE_NOCSRF, NULL},
	{"GET", TESTKIT_PREFIX "/echo", testkit_echo, VV_ROLES_ALL, 0, NULL},
	{"GET", TESTKIT_PREFIX "/item/{uuid}", testkit_item, VV_ROLES_ALL, 0, NULL},
	{"GET", TESTKIT_PREFIX "/staff", testkit_whoami, VV_ROLES_STAFF, 0, NULL},
	{"GET", TESTKIT_PREFIX "/slow", testkit_slow, VV_ROLES_ALL, VV_ROUTE_NOLANG, NULL},
	{"GET", TESTKIT_PREFIX "/page", testkit_page, VV_ROLES_ALL, 0, "home.xsl"},
	{"GET", TESTKIT_PREFIX "/own", testkit_own_page, VV_ROLES_ALL, 0, "testkit.xsl"},
	{"GET", TESTKIT_PREFIX "/json/{n:int}", testkit_json, VV_ROLES_ALL, VV_ROUTE_JSON, NULL},
	{"GET", TESTKIT_PREFIX "/json-staff", testkit_json, VV_ROLES_STAFF, VV_ROUTE_JSON, NULL},
	{"POST", TESTKIT_PREFIX "/json/{n:int}", testkit_json, VV_ROLES_ALL, VV_ROUTE_JSON, NULL},
	{0},
};

#ifdef TESTKIT_FRAME
/* Customers get a button of its own; operators and admins a menu of its
 * own, after the core's; professionals nothing. */
static const struct vv_menu_item testkit_menu[] = {
	{NULL, NULL, "testkit.link", TESTKIT_PREFIX "/own", VV_ROLE_CUSTOMER, 5},
	{"testkit.menu", "testkit.group", "testkit.link", TESTKIT_PREFIX "/own",
	 VV_ROLE_OPERATOR | VV_ROLE_ADMIN, 900},
	{0},
};

static const struct vv_part testkit_parts[] = {
	{VV_SLOT_BODY_END, "testkit-footer", "testkit-part.xsl", 0},
	{0},
};
#endif

#ifdef TESTKIT_BAD_ABI
/* What a plugin built against a future header would carry. */
__attribute__((visibility("default"))) const struct vv_plugin vv_plugin_entry = {
	.abi_version = VV_ABI_VERSION + 1, .plugin_size = sizeof(struct vv_plugin),
	.route_size = sizeof(struct vv_route), .name = TESTKIT_NAME, .routes = testkit_routes};
#elif defined(TESTKIT_OLD)
/* What a plugin built against the headers before menu items and parts
 * carries: a struct vv_plugin that ends after tick. It must still load. */
VV_PLUGIN_ENTRY = { .abi_version = VV_ABI_VERSION,
		    .plugin_size = offsetof(struct vv_plugin, menu_item_size),
		    .route_size = sizeof(struct vv_route), .name = TESTKIT_NAME, .routes = testkit_routes };
#elif defined(TESTKIT_FRAME)
VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = TESTKIT_NAME, .routes = testkit_routes,
		    .menu = testkit_menu, .parts = testkit_parts };
#else
VV_PLUGIN(TESTKIT_NAME, testkit_routes, NULL, NULL, NULL);
#endif
