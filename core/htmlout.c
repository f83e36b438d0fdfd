/* HTML5 serialization of a transform's result tree.
 *
 * libxml2's HTML serializer looks every element and attribute up in its
 * HTML 4 tables and URI-escapes links: about a quarter of a whole page's
 * cost (doc/performance.md). Our pages are HTML5 built by our own
 * stylesheets, so a small walk does: text escaped (& < >), attribute
 * values escaped (& " < >), void elements without an end tag, everything
 * else with one. Comments and processing instructions are dropped. */
#include <string.h>
#include <libxml/tree.h>
#include "core.h"

struct out {
	vv_arena_t *a;
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 8192;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *b = vv_alloc(o->a, cap);
		if (o->len)
			memcpy(b, o->buf, o->len);
		o->buf = b; /* the old block stays in the arena until the request ends */
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Escapes s; in attribute values also the double quote. */
static void escaped(struct out *o, const xmlChar *s, bool attr)
{
	const char *p = (const char *)s, *run = p;
	for (; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		default: break;
		}
		if (rep) {
			put(o, run, (size_t)(p - run));
			puts_(o, rep);
			run = p + 1;
		}
	}
	put(o, run, (size_t)(p - run));
}

static bool is_void(const xmlChar *name)
{
	static const char *const voids[] = {"area", "base", "br", "col", "embed", "hr", "img",
					    "input", "link", "meta", "source", "track", "wbr", NULL};
	for (const char *const *v = voids; *v; v++)
		if (strcmp((const char *)name, *v) == 0)
			return true;
	return false;
}

static void node(struct out *o, xmlNodePtr n)
{
	for (; n; n = n->next) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			put(o, "<", 1);
			puts_(o, (const char *)n->name);
			for (xmlAttrPtr a = n->properties; a; a = a->next) {
				put(o, " ", 1);
				puts_(o, (const char *)a->name);
				put(o, "=\"", 2);
				for (xmlNodePtr v = a->children; v; v = v->next)
					if (v->content)
						escaped(o, v->content, true);
				put(o, "\"", 1);
			}
			put(o, ">", 1);
			if (is_void(n->name))
				break; /* a void element has no content and no end tag */
			node(o, n->children);
			put(o, "</", 2);
			puts_(o, (const char *)n->name);
			put(o, ">", 1);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				escaped(o, n->content, false);
			break;
		default:
			break; /* comments, processing instructions, DTD nodes */
		}
	}
}

int vv_html_serialize(vv_arena_t *a, xmlDocPtr doc, const char **out, size_t *len)
{
	struct out o = {a, NULL, 0, 0};
	puts_(&o, "<!DOCTYPE html>\n");
	node(&o, doc->children);
	put(&o, "\n", 1);
	o.buf[o.len] = '\0';
	*out = o.buf;
	*len = o.len;
	return 0;
}
