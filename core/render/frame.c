/* The page frame's plugin parts: the header menu and the page-wide parts
 * (vv/plugin.h: struct vv_menu_item, struct vv_part) as one stylesheet
 * made from the loaded plugins.
 *
 * XSLT includes are static, so layout.xsl includes the reserved address
 * "vvhome:frame", and libxslt's document loader, which the core wraps
 * here, answers it with a stylesheet generated from the plugins:
 *   - vv-menu: the menu for the page's role, written out link by link
 *     (a branch per role; no parameterised calls, which cost per page);
 *   - vv-part-SLOT for each VV_SLOT_*: applies each part's mode to /page;
 *   - an xsl:include of each part's stylesheet, and for each part mode a
 *     lowest-priority empty template, so that a part whose stylesheet
 *     lacks its template (or a page that names a mode of a plugin not
 *     loaded) prints nothing rather than the document's text.
 * Compiled once per stylesheet and worker like every other, so a page
 * pays for the menu no more than for the links written out by hand. The
 * plugins' keys, paths and modes were checked at load (server/plugins.c)
 * to need no escaping here. */
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxslt/documents.h>
#include "core.h"
#include "render/frame.h"

#define FRAME_URI "vvhome:frame"

static xsltDocLoaderFunc prev_loader;
static char *frame_url; /* the generated document's address: in the xsl directory */

struct buf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void put(struct buf *b, const char *s)
{
	size_t k = strlen(s);
	if (b->oom)
		return;
	if (b->n + k + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 4096) + k;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, k + 1);
	b->n += k;
}

/* put() of several strings, up to a NULL. */
static void puts_n(struct buf *b, const char *const *s)
{
	for (; *s; s++)
		put(b, *s);
}
#define PUT(b, ...) puts_n((b), (const char *const[]){__VA_ARGS__, NULL})

struct item {
	const struct vv_menu_item *m;
	size_t seq; /* load order, for a stable sort */
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->m->order != y->m->order)
		return x->m->order < y->m->order ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void put_text(struct buf *b, const char *key)
{
	PUT(b, "<xsl:value-of select=\"vv:t('", key, "')\"/>");
}

/* One drop-down menu: every visible item of menu, in runs of one group. */
static void put_menu(struct buf *b, const struct item *it, size_t n, const char *menu)
{
	PUT(b, "<details class=\"menu\"><summary>");
	put_text(b, menu);
	put(b, "</summary><div class=\"menu-panel\">");
	bool open = false;
	const char *group = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct vv_menu_item *m = it[i].m;
		if (!same(m->menu, menu))
			continue;
		if (!open || !same(m->group, group)) {
			if (open)
				put(b, "</ul>");
			if (m->group) {
				put(b, "<p class=\"menu-group\">");
				put_text(b, m->group);
				put(b, "</p>");
			}
			put(b, "<ul>");
			open = true;
			group = m->group;
		}
		PUT(b, "<li><a href=\"{$base}", m->path, "\"><xsl:if test=\"starts-with($ctx/@subpath, '",
		    m->path, "')\"><xsl:attribute name=\"aria-current\">page</xsl:attribute></xsl:if>");
		put_text(b, m->label);
		put(b, "</a></li>");
	}
	if (open)
		put(b, "</ul>");
	put(b, "</div></details>");
}

/* The menu of one role: buttons and menus, each where its first item falls. */
static void put_role_menu(struct buf *b, const struct item *all, size_t nall, unsigned role)
{
	struct item *it = malloc((nall ? nall : 1) * sizeof(*it));
	if (!it) {
		b->oom = true;
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < nall; i++)
		if (all[i].m->roles & role)
			it[n++] = all[i];
	put(b, "<nav class=\"staff-menu\" aria-label=\"{vv:t('nav.main')}\">");
	for (size_t i = 0; i < n; i++) {
		const struct vv_menu_item *m = it[i].m;
		if (!m->menu) {
			PUT(b, "<a class=\"button button-secondary\" href=\"{$base}", m->path, "\">");
			put_text(b, m->label);
			put(b, "</a>");
			continue;
		}
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = same(it[k].m->menu, m->menu);
		if (!seen)
			put_menu(b, it, n, m->menu);
	}
	put(b, "</nav>");
	free(it);
}

static void put_menus(struct buf *b)
{
	static const struct {
		unsigned bit;
		const char *word; /* as render.c's role_word */
	} roles[] = {{VV_ROLE_ADMIN, "admin"}, {VV_ROLE_OPERATOR, "operator"},
		     {VV_ROLE_PROFESSIONAL, "professional"}, {VV_ROLE_CUSTOMER, "customer"},
		     {VV_ROLE_ANON, "anon"}};
	size_t nall = 0, seq = 0;
	for (size_t i = 0; i < vv_plugins_count(); i++)
		for (const struct vv_menu_item *m = vv_plugins_get(i)->menu; m && m->label; m++)
			nall++;
	struct item *all = malloc((nall ? nall : 1) * sizeof(*all));
	if (!all) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < vv_plugins_count(); i++)
		for (const struct vv_menu_item *m = vv_plugins_get(i)->menu; m && m->label; m++) {
			all[seq].m = m;
			all[seq].seq = seq;
			seq++;
		}
	qsort(all, nall, sizeof(*all), item_cmp);
	put(b, "<xsl:template name=\"vv-menu\">");
	bool any = false;
	for (size_t r = 0; r < sizeof(roles) / sizeof(roles[0]); r++) {
		bool has = false;
		for (size_t i = 0; i < nall && !has; i++)
			has = (all[i].m->roles & roles[r].bit) != 0;
		if (!has)
			continue;
		PUT(b, any ? "" : "<xsl:choose>", "<xsl:when test=\"$role = '", roles[r].word, "'\">");
		put_role_menu(b, all, nall, roles[r].bit);
		put(b, "</xsl:when>");
		any = true;
	}
	if (any)
		put(b, "</xsl:choose>");
	put(b, "</xsl:template>\n");
	free(all);
}

static void put_parts(struct buf *b)
{
	static const char *const slots[] = {VV_SLOT_HEAD, VV_SLOT_HEADER, VV_SLOT_MAIN_TOP,
					    VV_SLOT_BODY_END};
	/* Each stylesheet once, also when it holds several parts. */
	const struct vv_part *done[256];
	size_t ndone = 0;
	for (size_t i = 0; i < vv_plugins_count(); i++)
		for (const struct vv_part *p = vv_plugins_get(i)->parts; p && p->mode; p++) {
			bool seen = false;
			for (size_t k = 0; k < ndone && !seen; k++)
				seen = strcmp(done[k]->stylesheet, p->stylesheet) == 0;
			if (!seen && ndone < sizeof(done) / sizeof(done[0])) {
				done[ndone++] = p;
				PUT(b, "<xsl:include href=\"", p->stylesheet, "\"/>\n");
			}
			PUT(b, "<xsl:template match=\"page\" mode=\"", p->mode, "\" priority=\"-9\"/>\n");
		}
	for (size_t s = 0; s < sizeof(slots) / sizeof(slots[0]); s++) {
		PUT(b, "<xsl:template name=\"vv-part-", slots[s], "\">");
		/* By order, then load order: a selection sort over few parts. */
		int last = 0;
		bool first = true;
		for (;;) {
			const struct vv_part *next = NULL;
			for (size_t i = 0; i < vv_plugins_count(); i++)
				for (const struct vv_part *p = vv_plugins_get(i)->parts; p && p->mode; p++)
					if (strcmp(p->slot, slots[s]) == 0 && (first || p->order > last) &&
					    (!next || p->order < next->order))
						next = p;
			if (!next)
				break;
			/* every part of that order, in load order */
			for (size_t i = 0; i < vv_plugins_count(); i++)
				for (const struct vv_part *p = vv_plugins_get(i)->parts; p && p->mode; p++)
					if (strcmp(p->slot, slots[s]) == 0 && p->order == next->order)
						PUT(b, "<xsl:apply-templates select=\"/page\" mode=\"", p->mode,
						    "\"/>");
			last = next->order;
			first = false;
		}
		put(b, "</xsl:template>\n");
	}
}

/* The generated stylesheet's text (malloc'd) or NULL. */
static char *frame_text(size_t *len)
{
	struct buf b = {0};
	put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\""
		" xmlns:vv=\"urn:vvhome\" exclude-result-prefixes=\"vv\">\n");
	put_parts(&b);
	put_menus(&b);
	put(&b, "</xsl:stylesheet>\n");
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.n;
	return b.p;
}

static xmlDocPtr frame_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
			      xsltLoadType type)
{
	if (!uri || strcmp((const char *)uri, FRAME_URI) != 0)
		return prev_loader(uri, dict, options, ctxt, type);
	size_t len;
	char *text = frame_text(&len);
	if (!text) {
		vv_error("render: out of memory making the page frame");
		return NULL;
	}
	/* Parsed into the including stylesheet's dictionary, as libxslt's own
	 * loader does: the stylesheet compares names from it by pointer. */
	xmlDocPtr doc = NULL;
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	if (pc) {
		if (dict) {
			if (pc->dict)
				xmlDictFree(pc->dict);
			pc->dict = dict;
			xmlDictReference(dict);
		}
		/* Its address lies in the xsl directory: the parts' stylesheets
		 * are included by name from there. */
		doc = xmlCtxtReadMemory(pc, text, (int)len, frame_url, "UTF-8", options);
		xmlFreeParserCtxt(pc);
	}
	if (!doc)
		vv_error("render: the generated page frame does not parse");
	free(text);
	return doc;
}

int vv_frame_init(const char *xsl_dir)
{
	vv_frame_fini();
	size_t n = strlen(xsl_dir) + sizeof("/vvhome-frame.xsl");
	frame_url = malloc(n);
	if (!frame_url)
		return VV_ERR;
	snprintf(frame_url, n, "%s/vvhome-frame.xsl", xsl_dir);
	prev_loader = xsltDocDefaultLoader;
	xsltSetLoaderFunc(frame_loader);
	return 0;
}

void vv_frame_fini(void)
{
	if (prev_loader) {
		xsltSetLoaderFunc(prev_loader);
		prev_loader = NULL;
	}
	free(frame_url);
	frame_url = NULL;
}
