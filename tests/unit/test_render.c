/* Rendering with the build's real run-time tree (BUILD/share/xsl: the
 * core's stylesheets with every plugin's) and the plugins that add to the
 * page frame (their menu items and page-wide parts): the front page and
 * error pages in each language, the layout's role-dependent parts, form
 * errors, vv:t and vv:datetime. Run from the repository root with
 * VV_BUILD_DIR set to the build (tests/run-unit.sh; default build/test). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libxslt/xsltutils.h>
#include <libxslt/transform.h>
#include "core.h"

static char xsl_dir[200];
#define XSL_DIR xsl_dir

static vv_arena_t *arena;
static vv_req_t req;

static void req_setup(const char *lang, unsigned role)
{
	vv_arena_reset(arena);
	memset(&req, 0, sizeof(req));
	req.arena = arena;
	req.lang = lang;
	req.path = vv_sprintf(arena, "/%s/", lang);
	req.subpath = "/";
	req.role = role;
	req.csrf = "tok123";
	if (role != VV_ROLE_ANON) {
		req.user_name = "Aino <Admin> & co";
		req.user_id = 7;
		req.tenant_id = 3;
	}
}

static const char *render(const char *sheet)
{
	const char *out = NULL;
	size_t len = 0;
	ck_assert_int_eq(vv_render_page(&req, sheet, &out, &len), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(strlen(out), len);
	return out;
}

static void setup(void)
{
	arena = vv_arena_create();
	ck_assert_int_eq(vv_render_init(XSL_DIR), 0);
}

static void teardown(void)
{
	vv_arena_destroy(arena);
	vv_render_fini();
}

static const struct {
	const char *lang, *html, *heading, *signin;
} langs[] = {
	{ "fi", "<html lang=\"fi\">", "<h1>Tervetuloa VV Home -palveluun</h1>", "Kirjaudu sisään" },
	{ "sv", "<html lang=\"sv\">", "<h1>Välkommen till VV Home</h1>", "Logga in" },
	{ "en", "<html lang=\"en\">", "<h1>Welcome to VV Home</h1>", "Sign in" },
};

START_TEST(home_in_each_language)
{
	req_setup(langs[_i].lang, VV_ROLE_ANON);
	const char *out = render("home.xsl");
	ck_assert_msg(strncmp(out, "<!DOCTYPE html>\n", 16) == 0, "doctype: %.40s", out);
	ck_assert_ptr_nonnull(strstr(out, langs[_i].html));
	ck_assert_ptr_nonnull(strstr(out, langs[_i].heading));
	ck_assert_ptr_nonnull(strstr(out, langs[_i].signin));
	ck_assert_ptr_nonnull(strstr(out, "href=\"/static/vvhome.css\""));
	ck_assert_ptr_nonnull(strstr(out, "name=\"viewport\""));
	const char *cs = strstr(out, "charset=");
	ck_assert_ptr_nonnull(cs); /* declared once, within <head> */
	ck_assert_ptr_null(strstr(cs + 1, "charset"));
	ck_assert(cs < strstr(out, "</head>"));
	/* anonymous: a sign-in link, no staff menu, no logout form */
	char *login = vv_sprintf(arena, "href=\"/%s/login\"", langs[_i].lang);
	ck_assert_ptr_nonnull(strstr(out, login));
	ck_assert_ptr_null(strstr(out, "eCare Event"));
	ck_assert_ptr_null(strstr(out, "/logout"));
	/* the language switch keeps the page and marks the current language */
	ck_assert_ptr_nonnull(strstr(out, "href=\"/sv/\" hreflang=\"sv\""));
	char *cur = vv_sprintf(arena, "hreflang=\"%s\" lang=\"%s\" aria-current=\"true\"",
			       langs[_i].lang, langs[_i].lang);
	ck_assert_ptr_nonnull(strstr(out, cur));
	/* the ctx is the page's first child and the namespace stays out of HTML */
	ck_assert_str_eq((const char *)xmlFirstElementChild(req.page)->name, "ctx");
	ck_assert_ptr_null(strstr(out, "urn:vvhome"));
}
END_TEST

START_TEST(error_404_in_each_language)
{
	static const char *const titles[] = { "Sivua ei löytynyt", "Sidan hittades inte", "Page not found" };
	req_setup(langs[_i].lang, VV_ROLE_ANON);
	vv_page(&req); /* a handler's half-built page is dropped */
	vv_xml_text(req.page, "secret", "handler data");
	const char *out = NULL;
	size_t len = 0;
	vv_render_error(&req, 404, &out, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, langs[_i].html));
	char *h1 = vv_sprintf(arena, "<h1>%s</h1>", titles[_i]);
	ck_assert_msg(strstr(out, h1) != NULL, "no %s in %s", h1, out);
	ck_assert_ptr_null(strstr(out, "handler data"));
	ck_assert_ptr_null(req.content_type); /* HTML, not the fallback */
}
END_TEST

START_TEST(error_statuses_have_own_texts)
{
	static const struct { int status; const char *text; } cases[] = {
		{ 400, "Pyyntöä ei voitu käsitellä" }, { 403, "Teillä ei ole pääsyä" },
		{ 405, "Toiminto ei ole sallittu" }, { 413, "liian suuret" },
		{ 500, "Palvelussa tapahtui virhe" }, { 503, "ei ole juuri nyt käytettävissä" },
		{ 418, "Tapahtui virhe" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		req_setup("fi", VV_ROLE_CUSTOMER);
		const char *out = NULL;
		size_t len = 0;
		vv_render_error(&req, cases[i].status, &out, &len);
		ck_assert_msg(strstr(out, cases[i].text) != NULL, "%d: %s", cases[i].status, out);
		ck_assert_ptr_nonnull(strstr(out, "href=\"/fi/\""));
	}
}
END_TEST

START_TEST(error_without_language_falls_back_to_finnish)
{
	req_setup("fi", VV_ROLE_ANON);
	req.lang = NULL; /* a URI that did not parse */
	req.path = req.subpath = NULL;
	const char *out = NULL;
	size_t len = 0;
	vv_render_error(&req, 400, &out, &len);
	ck_assert_ptr_nonnull(strstr(out, "<html lang=\"fi\">"));
}
END_TEST

START_TEST(error_fallback_is_plain_text)
{
	vv_render_fini(); /* no stylesheets: the fallback must still answer */
	req_setup("en", VV_ROLE_ANON);
	const char *out = NULL;
	size_t len = 0;
	vv_render_error(&req, 503, &out, &len);
	ck_assert_str_eq(out, "503 Service Unavailable\n");
	ck_assert_uint_eq(len, strlen(out));
	ck_assert_str_eq(req.content_type, "text/plain; charset=utf-8");
	ck_assert_int_eq(vv_render_init(XSL_DIR), 0);
}
END_TEST

START_TEST(customer_and_staff_see_their_parts)
{
	req_setup("fi", VV_ROLE_CUSTOMER);
	const char *out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, "href=\"/fi/ecare/index/calendar\""));
	ck_assert_ptr_null(strstr(out, "eCare Event"));
	/* issue #17: no sign-out and no language links on a customer's pages */
	ck_assert_ptr_null(strstr(out, "action=\"/fi/logout\""));
	ck_assert_ptr_null(strstr(out, "class=\"lang-switch\""));
	/* the user's name is escaped, never markup */
	ck_assert_ptr_nonnull(strstr(out, "Aino &lt;Admin&gt; &amp; co"));
	ck_assert_ptr_null(strstr(out, "<Admin>"));

	req_setup("fi", VV_ROLE_OPERATOR);
	out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, "action=\"/fi/logout\""));
	ck_assert_ptr_nonnull(strstr(out, "class=\"lang-switch\""));
	ck_assert_ptr_nonnull(strstr(out, "name=\"csrf\" value=\"tok123\""));
	ck_assert_ptr_nonnull(strstr(out, "<summary>eCare Event</summary>"));
	ck_assert_ptr_nonnull(strstr(out, "Kalenteriasetukset"));
	ck_assert_ptr_nonnull(strstr(out, "href=\"/fi/ecare/events\">Muokkaa kalenteria<"));
	ck_assert_ptr_nonnull(strstr(out, "href=\"/fi/ecare/recordings\">Muokkaa kalenterin nauhoituksia<"));
	ck_assert_ptr_nonnull(strstr(out, "<summary>Yrityksen ylläpito</summary>"));
	ck_assert_ptr_nonnull(strstr(out, "href=\"/fi/admin/users/employees\">Työntekijät<"));
	ck_assert_ptr_null(strstr(out, "/fi/admin/users/customers"));
	ck_assert_ptr_null(strstr(out, "/fi/admin/types"));

	req_setup("sv", VV_ROLE_ADMIN);
	out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, "href=\"/sv/admin/users/customers\">Kunder<"));
	ck_assert_ptr_nonnull(strstr(out, "href=\"/sv/admin/types\""));
	ck_assert_ptr_nonnull(strstr(out, "href=\"/sv/admin/settings\""));
}
END_TEST

START_TEST(form_errors_make_a_summary)
{
	req_setup("en", VV_ROLE_OPERATOR);
	ck_assert_int_eq(vv_form_errors(&req), 0);
	vv_form_error(&req, "name", "err.required");
	vv_form_error(&req, "starts", "err.time-past");
	ck_assert_int_eq(vv_form_errors(&req), 2);
	const char *out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, "<title>Error: "));
	ck_assert_ptr_nonnull(strstr(out, "class=\"error-summary\" role=\"alert\""));
	ck_assert_ptr_nonnull(strstr(out, "<a href=\"#name\">This information is missing.</a>"));
	ck_assert_ptr_nonnull(strstr(out, "<a href=\"#starts\">The time must be in the future.</a>"));
}
END_TEST

START_TEST(page_builders)
{
	req_setup("fi", VV_ROLE_ANON);
	xmlNodePtr p = vv_page(&req);
	ck_assert_ptr_eq(p, vv_page(&req));
	ck_assert_str_eq((const char *)p->name, "page");
	xmlNodePtr ev = vv_xml_add(p, "event");
	vv_xml_attr(ev, "name", "a & <b>");
	vv_xml_attr(ev, "none", NULL);
	vv_xml_attr_int(ev, "id", -9007199254740993LL);
	vv_xml_text(ev, "desc", "x &amp; y");
	xmlChar *v = xmlGetProp(ev, (const xmlChar *)"name");
	ck_assert_str_eq((const char *)v, "a & <b>");
	xmlFree(v);
	ck_assert(!xmlHasProp(ev, (const xmlChar *)"none"));
	v = xmlGetProp(ev, (const xmlChar *)"id");
	ck_assert_str_eq((const char *)v, "-9007199254740993");
	xmlFree(v);
	v = xmlNodeGetContent(xmlFirstElementChild(ev));
	ck_assert_str_eq((const char *)v, "x &amp; y"); /* literal, not an entity */
	xmlFree(v);
	ck_assert_ptr_null(vv_xml_add(NULL, "x"));
}
END_TEST

START_TEST(i18n_lookup)
{
	ck_assert_str_eq(vv_i18n_get("fi", "nav.events"), "Muokkaa kalenteria");
	ck_assert_str_eq(vv_i18n_get("sv", "nav.employees"), "Anställda");
	ck_assert_str_eq(vv_i18n_get("en", "ev.join"), "Join");
	ck_assert_ptr_null(vv_i18n_get("fi", "no.such.key"));
	ck_assert_ptr_null(vv_i18n_get("de", "nav.events"));
	ck_assert_ptr_null(vv_i18n_get(NULL, "nav.events"));
}
END_TEST

START_TEST(init_fails_without_catalogues)
{
	vv_render_fini();
	ck_assert_int_ne(vv_render_init("/nonexistent"), 0);
	ck_assert_ptr_null(vv_i18n_get("fi", "nav.events"));
	ck_assert_int_eq(vv_render_init(XSL_DIR), 0);
}
END_TEST

/* A throwaway stylesheet beside the real ones exercises vv:t on a missing
 * key and vv:datetime in the page's zone and language. */
static const char probe_xsl[] =
	"<?xml version=\"1.0\"?>\n"
	"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"\n"
	" xmlns:vv=\"urn:vvhome\" exclude-result-prefixes=\"vv\">\n"
	"<xsl:output method=\"xml\" omit-xml-declaration=\"yes\"/>\n"
	"<xsl:template match=\"/\"><r>"
	"<a><xsl:value-of select=\"vv:t('no.such.key')\"/></a>"
	"<b><xsl:value-of select=\"vv:datetime(/page/ev/@at)\"/></b>"
	"<c><xsl:value-of select=\"vv:datetime(/page/ev/@at, 'time')\"/></c>"
	"<d><xsl:value-of select=\"vv:datetime(/page/ev/@none)\"/></d>"
	"<e><xsl:value-of select=\"vv:datetime('garbage')\"/></e>"
	"<f><xsl:value-of select=\"vv:datetime(1795775400, 'date')\"/></f>"
	"<g><xsl:value-of select=\"/page/ctx/@tz\"/></g>"
	"</r></xsl:template></xsl:stylesheet>\n";

START_TEST(extension_functions)
{
	char name[64], path[512];
	snprintf(name, sizeof(name), "test-probe-%ld.xsl", (long)getpid());
	snprintf(path, sizeof(path), "%s/%s", XSL_DIR, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(probe_xsl, f);
	fclose(f);

	req_setup("sv", VV_ROLE_ANON);
	req.tz = "Europe/Helsinki";
	vv_xml_attr(vv_xml_add(vv_page(&req), "ev"), "at", "2026-11-27 10:30:00");
	const char *out = render(name);
	remove(path);
	ck_assert_str_eq(out, "<r><a>no.such.key</a><b>27.11.2026 kl. 12.30</b><c>12.30</c>"
			      "<d/><e/><f>27.11.2026</f><g>Europe/Helsinki</g></r>\n");

	/* compiled once: the file is gone, the cached stylesheet still works */
	req_setup("en", VV_ROLE_ANON);
	req.tz = "America/New_York";
	vv_xml_attr(vv_xml_add(vv_page(&req), "ev"), "at", "2026-11-27T10:30:00Z");
	out = render(name);
	ck_assert_ptr_nonnull(strstr(out, "<b>27 Nov 2026, 05:30</b><c>05:30</c>"));
	ck_assert_ptr_nonnull(strstr(out, "<g>America/New_York</g>"));
}
END_TEST

START_TEST(repeated_render_is_identical)
{
	req_setup("fi", VV_ROLE_ADMIN);
	char *first = vv_strdup(arena, render("home.xsl"));
	const char *second = render("home.xsl"); /* same request: ctx replaced, not doubled */
	ck_assert_str_eq(first, second);
	ck_assert_ptr_null(strstr(strstr(second, "<html") + 1, "<html"));
}
END_TEST

/* Pages come from the worker's cache when their document repeats: each
 * request still gets its own CSRF token, and whatever differs between
 * visitors (here the name) is never taken from another visitor's page. */
START_TEST(cached_pages_are_per_visitor)
{
	/* staff: a customer's pages carry no token in the header (issue #17) */
	req_setup("fi", VV_ROLE_OPERATOR);
	const char *first = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(first, "name=\"csrf\" value=\"tok123\""));
	size_t first_len = strlen(first); /* the arena goes with the next request */

	req_setup("fi", VV_ROLE_OPERATOR);
	req.csrf = "otherToken-_9";
	const char *out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, "name=\"csrf\" value=\"otherToken-_9\""));
	ck_assert_ptr_null(strstr(out, "tok123"));
	ck_assert_uint_eq(strlen(out), first_len - strlen("tok123") + strlen("otherToken-_9"));

	req_setup("fi", VV_ROLE_CUSTOMER);
	req.user_name = "Bertta";
	out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, ">Bertta</span>"));
	ck_assert_ptr_null(strstr(out, "Aino"));

	req_setup("fi", VV_ROLE_OPERATOR);
	req.csrf = NULL; /* no token at all: no placeholder left behind */
	out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, "name=\"csrf\" value=\"\""));

	req_setup("fi", VV_ROLE_ANON);
	vv_xml_attr(vv_xml_add(vv_page(&req), "flash"), "key", "form.copied");
	out = render("home.xsl");
	ck_assert_ptr_nonnull(strstr(out, "class=\"flash\""));
	req_setup("fi", VV_ROLE_ANON);
	out = render("home.xsl");
	ck_assert_ptr_null(strstr(out, "class=\"flash\""));
}
END_TEST

START_TEST(bad_stylesheet_names_refused)
{
	req_setup("fi", VV_ROLE_ANON);
	const char *out = (const char *)1;
	size_t len = 1;
	ck_assert_int_ne(vv_render_page(&req, "../etc/passwd", &out, &len), 0);
	ck_assert_ptr_null(out);
	ck_assert_int_ne(vv_render_page(&req, "/etc/x.xsl", &out, &len), 0);
	ck_assert_int_ne(vv_render_page(&req, "missing.xsl", &out, &len), 0);
}
END_TEST

static Suite *render_suite(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("render");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, home_in_each_language, 0, 3);
	tcase_add_loop_test(tc, error_404_in_each_language, 0, 3);
	tcase_add_test(tc, error_statuses_have_own_texts);
	tcase_add_test(tc, error_without_language_falls_back_to_finnish);
	tcase_add_test(tc, error_fallback_is_plain_text);
	tcase_add_test(tc, customer_and_staff_see_their_parts);
	tcase_add_test(tc, form_errors_make_a_summary);
	tcase_add_test(tc, page_builders);
	tcase_add_test(tc, i18n_lookup);
	tcase_add_test(tc, init_fails_without_catalogues);
	tcase_add_test(tc, extension_functions);
	tcase_add_test(tc, repeated_render_is_identical);
	tcase_add_test(tc, cached_pages_are_per_visitor);
	tcase_add_test(tc, bad_stylesheet_names_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	const char *build = getenv("VV_BUILD_DIR");
	build = build && *build ? build : "build/test";
	snprintf(xsl_dir, sizeof(xsl_dir), "%s/share/xsl", build);
	/* The plugins whose menu items and parts every page shows; once here,
	 * inherited by each test's forked process. */
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/plugins", build);
	if (vv_plugins_load(dir, "home,alarm,auth,events,recordings,enrolment,admin,types", true) != 8)
		return EXIT_FAILURE;
	SRunner *sr = srunner_create(render_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	vv_plugins_unload();
	xsltCleanupGlobals();
	xmlCleanupParser();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
