/* Rendering: the request's page document, transformed with the route's
 * stylesheet into HTML.
 *
 * Each worker compiles a stylesheet the first time a request needs it and
 * keeps it until exit (the transform is the dearest part of a request;
 * see notes/performance.md), so a request never touches the file system
 * here. Texts come through the XSLT extension function vv:t('key') from
 * the catalogues (i18n.c), dates through vv:datetime(utc [, style])
 * (datetime.c), both in namespace urn:vvhome. The page's language and time
 * zone reach them through the transform context's _private pointer. A page
 * whose document repeats one rendered before comes from rendercache.c.
 * The plugins' menu items and page-wide parts come into layout.xsl from
 * a generated stylesheet (frame.c), so plugins are loaded before the
 * first stylesheet is compiled. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlIO.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/extra.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include "core.h"
#include "time/datetime.h"
#include "render/frame.h"
#include "render/i18n.h"
#include "render/rendercache.h"

#define VV_NS ((const xmlChar *)"urn:vvhome")
#define MAX_SHEETS 64
#define DEFAULT_TZ "Europe/Helsinki"

struct sheet {
	char *name;
	xsltStylesheetPtr style;
};

static struct sheet sheets[MAX_SHEETS];
static size_t nsheets;
static char *xsl_dir;
static xsltSecurityPrefsPtr secprefs;
static int ready;
/* What the transform sees instead of the request's CSRF token; replaced by
 * the token in the output. Random per worker, so that no input can make it
 * appear anywhere the stylesheet did not put $ctx/@csrf. */
static char *csrf_hole;

/* What the extension functions need to know about the page. */
struct render_ctx {
	const char *lang;
	const char *tz;
};

static void free_doc(void *p)
{
	xmlFreeDoc(p);
}

static const struct render_ctx *render_ctx_of(xmlXPathParserContextPtr ctxt)
{
	xsltTransformContextPtr tc = xsltXPathGetTransformContext(ctxt);
	return tc ? tc->_private : NULL;
}

/* Replaces each "{0}" in text with arg, into a new xmlChar string. */
static xmlChar *substitute(const char *text, const xmlChar *arg)
{
	xmlChar *out = NULL;
	const char *p = text, *hit;
	while ((hit = strstr(p, "{0}"))) {
		out = xmlStrncat(out, (const xmlChar *)p, (int)(hit - p));
		out = xmlStrcat(out, arg);
		p = hit + 3;
	}
	out = xmlStrcat(out, (const xmlChar *)p);
	return out ? out : xmlStrdup((const xmlChar *)"");
}

/* vv:t('key' [, arg]): the text for key in the page language, with "{0}"
 * replaced by arg ("Sopimuksenne sallii enintään {0} osallistujaa"). A
 * missing key shows as itself, so the page still works and the gap is
 * visible; the log line lets tests and operators find it. */
static void xf_t(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs != 1 && nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *arg = nargs == 2 ? xmlXPathPopString(ctxt) : NULL;
	xmlChar *key = xmlXPathPopString(ctxt);
	if (!key || ctxt->error) {
		xmlFree(key);
		xmlFree(arg);
		return;
	}
	if (arg) {
		const struct render_ctx *rc = render_ctx_of(ctxt);
		const char *text = vv_i18n_get(rc ? rc->lang : "fi", (const char *)key);
		if (text) {
			valuePush(ctxt, xmlXPathWrapString(substitute(text, arg)));
			xmlFree(key);
			xmlFree(arg);
			return;
		}
		xmlFree(arg);
	}
	const struct render_ctx *rc = render_ctx_of(ctxt);
	const char *lang = rc ? rc->lang : "fi";
	const char *text = vv_i18n_get(lang, (const char *)key);
	if (!text) {
		vv_warn("i18n: no text for key \"%s\" in %s", (const char *)key, lang);
		valuePush(ctxt, xmlXPathWrapString(key)); /* takes key */
		return;
	}
	xmlFree(key);
	valuePush(ctxt, xmlXPathNewString((const xmlChar *)text));
}

/* Seconds since the epoch from a number, a string of digits, or a UTC
 * timestamp as vv_parse_utc reads it. 0 or VV_INVALID. */
static int xpath_to_time(xmlXPathObjectPtr obj, int64_t *t)
{
	if (obj->type == XPATH_NUMBER) {
		if (!isfinite(obj->floatval) || fabs(obj->floatval) > 1e15)
			return VV_INVALID;
		*t = (int64_t)obj->floatval;
		return 0;
	}
	xmlChar *s = xmlXPathCastToString(obj);
	int rc = VV_INVALID;
	if (s && s[0]) {
		const char *p = (const char *)s;
		size_t n = strspn(p, "0123456789");
		if (n == strlen(p) && n <= 15) {
			*t = strtoll(p, NULL, 10);
			rc = 0;
		} else {
			rc = vv_parse_utc(p, t);
		}
	}
	xmlFree(s);
	return rc;
}

/* vv:datetime(utc [, style [, zone]]): the time in the page's zone (or zone) and language;
 * an empty value gives "" (an optional time that is not set). */
static void xf_datetime(xmlXPathParserContextPtr ctxt, int nargs)
{
	if (nargs < 1 || nargs > 3) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *style = NULL, *zone = NULL;
	if (nargs == 3) {
		/* An explicit zone: pages about another tenant's event (join
		 * links) show its organiser's zone, not the visitor's. */
		zone = xmlXPathPopString(ctxt);
		if (ctxt->error) {
			xmlFree(zone);
			return;
		}
	}
	if (nargs >= 2) {
		style = xmlXPathPopString(ctxt);
		if (ctxt->error) {
			xmlFree(style);
			xmlFree(zone);
			return;
		}
	}
	xmlXPathObjectPtr obj = valuePop(ctxt);
	if (!obj) {
		xmlFree(style);
		xmlFree(zone);
		xmlXPathSetTypeError(ctxt);
		return;
	}
	const struct render_ctx *rc = render_ctx_of(ctxt);
	char buf[96] = "";
	int64_t t;
	int empty = obj->type == XPATH_STRING && (!obj->stringval || !obj->stringval[0]);
	if (empty || (obj->type == XPATH_NODESET && xmlXPathNodeSetIsEmpty(obj->nodesetval))) {
		/* nothing to show */
	} else if (xpath_to_time(obj, &t) != 0 ||
		   vv_format_datetime(buf, sizeof(buf), t,
				      zone && *zone ? (const char *)zone : rc ? rc->tz : DEFAULT_TZ,
				      rc ? rc->lang : "fi", (const char *)style) != 0) {
		vv_warn("render: vv:datetime cannot format a value (style \"%s\")",
			style ? (const char *)style : "");
		buf[0] = '\0';
	}
	xmlXPathFreeObject(obj);
	xmlFree(style);
	xmlFree(zone);
	valuePush(ctxt, xmlXPathNewString((const xmlChar *)buf));
}

/* A file name under the xsl directory: no absolute paths, no "..". */
static int sheet_name_ok(const char *name)
{
	if (!name || !*name || name[0] == '/' || strstr(name, ".."))
		return 0;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-./", *p))
			return 0;
	return 1;
}

/* The compiled stylesheet, compiling it on first use; NULL on error
 * (logged). Only a stylesheet that compiled is kept. */
static xsltStylesheetPtr sheet_get(const char *name)
{
	for (size_t i = 0; i < nsheets; i++)
		if (strcmp(sheets[i].name, name) == 0)
			return sheets[i].style;
	if (!ready) {
		vv_error("render: vv_render_init has not run");
		return NULL;
	}
	if (!sheet_name_ok(name)) {
		vv_error("render: bad stylesheet name \"%s\"", name);
		return NULL;
	}
	if (nsheets == MAX_SHEETS) {
		vv_error("render: more than %d stylesheets", MAX_SHEETS);
		return NULL;
	}
	size_t n = strlen(xsl_dir) + strlen(name) + 2;
	char *path = malloc(n);
	char *copy = strdup(name);
	xsltStylesheetPtr style = NULL;
	if (!path || !copy)
		goto out;
	snprintf(path, n, "%s/%s", xsl_dir, name);
	style = xsltParseStylesheetFile((const xmlChar *)path);
	if (!style) {
		vv_error("render: cannot compile stylesheet %s", path);
		vv_metrics_count(VV_M_XSL_FAILURES);
		goto out;
	}
	sheets[nsheets].name = copy;
	sheets[nsheets].style = style;
	nsheets++;
	copy = NULL;
out:
	free(path);
	free(copy);
	return style;
}

static const char *role_word(unsigned role)
{
	if (role & VV_ROLE_ADMIN)
		return "admin";
	if (role & VV_ROLE_OPERATOR)
		return "operator";
	if (role & VV_ROLE_PROFESSIONAL)
		return "professional";
	if (role & VV_ROLE_CUSTOMER)
		return "customer";
	return "anon";
}

static const char *page_lang(const vv_req_t *r)
{
	if (r->lang && (!strcmp(r->lang, "fi") || !strcmp(r->lang, "sv") || !strcmp(r->lang, "en")))
		return r->lang;
	return "fi";
}

static const char *page_tz(const vv_req_t *r)
{
	if (r->tz && *r->tz)
		return r->tz;
	return vv_conf_get("app", "timezone", DEFAULT_TZ);
}

/* True for a token that can stand in HTML as it is: URL-safe base64 only
 * (what vv_token_new makes; the session's and the anonymous cookie's). */
static bool token_safe(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 128 && strspn(s, VV_TOKEN_CHARS) == n;
}

/* Puts <ctx/> first under <page>, replacing one left by an earlier render
 * of the same request. */
static void add_ctx(vv_req_t *r, xmlNodePtr page, const char *lang, const char *tz)
{
	xmlNodePtr first = xmlFirstElementChild(page);
	if (first && xmlStrEqual(first->name, (const xmlChar *)"ctx")) {
		xmlUnlinkNode(first);
		xmlFreeNode(first);
	}
	xmlNodePtr ctx = xmlNewDocNode(r->doc, NULL, (const xmlChar *)"ctx", NULL);
	if (!ctx)
		abort(); /* out of memory, as vv_alloc */
	if (page->children)
		xmlAddPrevSibling(page->children, ctx);
	else
		xmlAddChild(page, ctx);
	vv_xml_attr(ctx, "lang", lang);
	vv_xml_attr(ctx, "path", r->path);
	vv_xml_attr(ctx, "subpath", r->subpath);
	vv_xml_attr(ctx, "query", r->query_string);
	/* The same page under another language prefix: "/fi" + here. */
	const char *sub = r->subpath && *r->subpath ? r->subpath : "/";
	vv_xml_attr(ctx, "here", r->query_string && *r->query_string
					 ? vv_sprintf(r->arena, "%s?%s", sub, r->query_string)
					 : sub);
	vv_xml_attr(ctx, "role", role_word(r->role));
	vv_xml_attr(ctx, "user", r->user_name);
	vv_xml_attr_int(ctx, "tenant", r->tenant_id);
	/* The placeholder keeps the token out of the rendered page the cache
	 * keeps and out of its key: one anonymous front page for everyone. */
	vv_xml_attr(ctx, "csrf", !r->csrf ? NULL : token_safe(r->csrf) ? csrf_hole : r->csrf);
	vv_xml_attr(ctx, "tz", tz);
}


/* The request's page from a rendering with the placeholder: each
 * placeholder replaced by the request's token, in arena memory (src may be
 * the cache's). */
static void fill_csrf(vv_req_t *r, const char *src, size_t n, const char **out, size_t *len)
{
	/* Pasted without escaping: only a token that needs none (add_ctx put
	 * any other value into the document itself, escaped as usual). */
	const char *csrf = r->csrf && token_safe(r->csrf) ? r->csrf : NULL;
	size_t hole = strlen(csrf_hole), tok = csrf ? strlen(csrf) : 0;
	size_t holes = 0;
	const char *p = src, *end = src + n, *hit;
	while (csrf && (hit = memmem(p, (size_t)(end - p), csrf_hole, hole))) {
		holes++;
		p = hit + hole;
	}
	size_t total = n - holes * hole + holes * tok;
	char *dst = vv_alloc(r->arena, total + 1), *d = dst;
	for (p = src; holes && (hit = memmem(p, (size_t)(end - p), csrf_hole, hole)); holes--) {
		memcpy(d, p, (size_t)(hit - p));
		d += hit - p;
		memcpy(d, csrf, tok);
		d += tok;
		p = hit + hole;
	}
	memcpy(d, p, (size_t)(end - p));
	dst[total] = '\0';
	*out = dst;
	*len = total;
}

/* Transforms and serializes the page document into arena memory. */
static int transform(vv_req_t *r, xsltStylesheetPtr style, const char *stylesheet,
		     struct render_ctx *rc, const char **out, size_t *len)
{
	xsltTransformContextPtr tc = xsltNewTransformContext(style, r->doc);
	if (!tc)
		return VV_ERR;
	tc->_private = rc;
	if (secprefs)
		xsltSetCtxtSecurityPrefs(secprefs, tc);
	xmlDocPtr res = xsltApplyStylesheetUser(style, r->doc, NULL, NULL, NULL, tc);
	int failed = !res || tc->state != XSLT_STATE_OK;
	xsltFreeTransformContext(tc);
	if (res && vv_arena_cleanup(r->arena, free_doc, res) != 0)
		return VV_ERR; /* res is already freed */
	if (failed) {
		vv_error("render: transform with %s failed", stylesheet);
		return VV_ERR;
	}
	if (res->type == XML_HTML_DOCUMENT_NODE) /* xsl:output method="html": our pages */
		return vv_html_serialize(r->arena, res, out, len);
	/* Any other output method keeps libxslt's own serializer. */
	xmlChar *buf = NULL;
	int n = 0;
	if (xsltSaveResultToString(&buf, &n, res, style) != 0)
		return VV_ERR;
	char *copy = vv_alloc(r->arena, (size_t)n + 1);
	if (n)
		memcpy(copy, buf, (size_t)n);
	copy[n] = '\0';
	xmlFree(buf);
	*out = copy;
	*len = (size_t)n;
	return 0;
}

int vv_render_page(vv_req_t *r, const char *stylesheet, const char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	xsltStylesheetPtr style = sheet_get(stylesheet);
	if (!style)
		return VV_ERR;
	struct render_ctx rc = { page_lang(r), page_tz(r) };
	add_ctx(r, vv_page(r), rc.lang, rc.tz);

	/* A page rendered before from the very same document is served from
	 * the cache (rendercache.c says why that is exact). */
	struct vv_rcache_key key;
	bool keyed = vv_rcache_key(style, r->doc, &key);
	const char *page;
	size_t n;
	if (keyed && (page = vv_rcache_get(&key, &n))) {
		fill_csrf(r, page, n, out, len);
		return 0;
	}
	if (transform(r, style, stylesheet, &rc, &page, &n) != 0)
		return VV_ERR;
	if (keyed)
		vv_rcache_put(&key, page, n);
	fill_csrf(r, page, n, out, len);
	return 0;
}

static const char *reason(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

void vv_render_error(vv_req_t *r, int status, const char **out, size_t *len)
{
	/* Whatever the handler built is dropped (its document is still freed
	 * with the arena): the error page shows nothing of it. */
	r->doc = NULL;
	r->page = NULL;
	r->errors = NULL;
	r->nerrors = 0;
	xmlNodePtr e = vv_xml_add(vv_page(r), "error");
	vv_xml_attr_int(e, "status", status);
	if (vv_render_page(r, "error.xsl", out, len) == 0)
		return;
	const char *text = vv_sprintf(r->arena, "%d %s\n", status, reason(status));
	r->content_type = "text/plain; charset=utf-8";
	*out = text;
	*len = strlen(text);
}

static int make_hole(void)
{
	vv_arena_t *a = vv_arena_create();
	char *t = a ? vv_token_new(a, 32) : NULL;
	csrf_hole = t ? strdup(t) : NULL;
	if (a)
		vv_arena_destroy(a);
	return csrf_hole ? 0 : VV_ERR;
}

int vv_render_init(const char *dir)
{
	if (ready)
		vv_render_fini();
	xmlInitParser();
	/* No exsltRegisterAll(): every registered extension function is copied
	 * into each transform's XPath context, which cost ~30 us per page for
	 * functions no stylesheet here uses (measured with tests/bench). Only
	 * exsl:node-set, libxslt's own: layout.xsl reads a refused form's
	 * labels to name the fields in its error summary. */
	xsl_dir = strdup(dir);
	if (!xsl_dir || vv_i18n_load(dir) != 0 || make_hole() != 0 || vv_frame_init(dir) != 0)
		goto fail;
	secprefs = xsltNewSecurityPrefs();
	if (!secprefs ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(secprefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid))
		goto fail;
	if (xsltRegisterExtModuleFunction((const xmlChar *)"t", VV_NS, xf_t) != 0 ||
	    xsltRegisterExtModuleFunction((const xmlChar *)"datetime", VV_NS, xf_datetime) != 0 ||
	    xsltRegisterExtModuleFunction((const xmlChar *)"node-set",
					  (const xmlChar *)"http://exslt.org/common",
					  xsltFunctionNodeSet) != 0)
		goto fail;
	ready = 1;
	/* A worker must always be able to say what went wrong: find a broken
	 * error page now rather than in the middle of another failure. */
	if (!sheet_get("error.xsl"))
		goto fail;
	return 0;
fail:
	vv_error("render: initialisation from %s failed", dir);
	ready = 1; /* so that fini releases what was made */
	vv_render_fini();
	return VV_ERR;
}

void vv_render_fini(void)
{
	if (!ready)
		return;
	for (size_t i = 0; i < nsheets; i++) {
		xsltFreeStylesheet(sheets[i].style);
		free(sheets[i].name);
	}
	nsheets = 0;
	vv_rcache_clear();
	free(csrf_hole);
	csrf_hole = NULL;
	vv_i18n_free();
	vv_frame_fini();
	xsltUnregisterExtModuleFunction((const xmlChar *)"t", VV_NS);
	xsltUnregisterExtModuleFunction((const xmlChar *)"datetime", VV_NS);
	if (secprefs)
		xsltFreeSecurityPrefs(secprefs);
	secprefs = NULL;
	free(xsl_dir);
	xsl_dir = NULL;
	ready = 0;
}
