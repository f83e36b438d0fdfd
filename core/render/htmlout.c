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

/* Makes room for n more bytes and the final '\0'. */
static void grow(struct out *o, size_t n)
{
	size_t cap = o->cap ? o->cap * 2 : 8192;
	while (cap < o->len + n + 1)
		cap *= 2;
	char *b = vv_alloc(o->a, cap);
	if (o->len)
		memcpy(b, o->buf, o->len);
	o->buf = b; /* the old block stays in the arena until the request ends */
	o->cap = cap;
}

/* Called for every tag and text run: the common case is a short copy. */
static inline void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap)
		grow(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Escapes s; in attribute values also the double quote. strcspn skips the
 * runs between special characters (most of a page) a vector at a time. */
static void escaped(struct out *o, const xmlChar *s, bool attr)
{
	const char *p = (const char *)s;
	const char *special = attr ? "&<>\"" : "&<>";
	for (;;) {
		size_t run = strcspn(p, special);
		put(o, p, run);
		p += run;
		switch (*p) {
		case '\0': return;
		case '&': put(o, "&amp;", 5); break;
		case '<': put(o, "&lt;", 4); break;
		case '>': put(o, "&gt;", 4); break;
		default: put(o, "&quot;", 6); break;
		}
		p++;
	}
}

/* HTML5's void elements, by first letter so that most names cost one
 * comparison of a character. */
static bool is_void(const xmlChar *name)
{
	const char *n = (const char *)name;
	switch (n[0]) {
	case 'a': return !strcmp(n, "area");
	case 'b': return !strcmp(n, "br") || !strcmp(n, "base");
	case 'c': return !strcmp(n, "col");
	case 'e': return !strcmp(n, "embed");
	case 'h': return !strcmp(n, "hr");
	case 'i': return !strcmp(n, "input") || !strcmp(n, "img");
	case 'l': return !strcmp(n, "link");
	case 'm': return !strcmp(n, "meta");
	case 's': return !strcmp(n, "source");
	case 't': return !strcmp(n, "track");
	case 'w': return !strcmp(n, "wbr");
	default: return false;
	}
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
