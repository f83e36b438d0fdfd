/* Rendered pages remembered by their whole input document.
 *
 * A transform is a pure function of the stylesheet and the input document:
 * the page's language and time zone are in ctx, the catalogues and the
 * stylesheets do not change while a worker runs, and no stylesheet asks for
 * the time, a random number or a node's identity. So a page whose document
 * is exactly one rendered before has exactly that output, and the transform
 * (~85 % of a front-page request inside vvhomed) can be skipped. Anything
 * that differs between visitors is in the document and so in the key: the
 * role, the user's name, the tenant, the flash messages, the form errors.
 * The one exception is the CSRF token, which render.c keeps out of the
 * document (a placeholder stands in for it and is replaced in the output),
 * so that the anonymous front page is one entry for every visitor and no
 * entry ever holds a token.
 *
 * Small and per worker: a few dozen pages, two per slot, the older one
 * evicted; pages with large documents (lists full of data) are rarely the
 * same twice and are not keyed at all. */
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "render/rendercache.h"

#define NBUCKETS 32
#define WAYS 2
#define MAX_OUT (64 * 1024) /* bytes of output worth keeping */

struct entry {
	uint64_t hash;
	unsigned char *key; /* one block: the key, then the output */
	size_t key_len;
	char *out;
	size_t out_len;
	uint64_t used; /* tick of the last hit or store: the older way is evicted */
};

static struct entry table[NBUCKETS][WAYS];
static uint64_t tick;

static bool put_bytes(struct vv_rcache_key *k, const void *p, size_t n)
{
	if (n > sizeof(k->bytes) - k->len)
		return false;
	memcpy(k->bytes + k->len, p, n);
	k->len += n;
	return true;
}

/* A tag byte and a length-prefixed string; NULL and "" differ. */
static bool put_str(struct vv_rcache_key *k, char tag, const xmlChar *s)
{
	uint32_t n = s ? (uint32_t)strlen((const char *)s) : UINT32_MAX;
	return put_bytes(k, &tag, 1) && put_bytes(k, &n, sizeof(n)) &&
	       (!s || put_bytes(k, s, n));
}

static bool put_attr(struct vv_rcache_key *k, xmlAttrPtr a)
{
	if (!put_str(k, 'A', a->ns ? a->ns->href : NULL) || !put_str(k, 'a', a->name))
		return false;
	for (xmlNodePtr v = a->children; v; v = v->next)
		if (v->type != XML_TEXT_NODE || !put_str(k, 'v', v->content))
			return false; /* an entity reference: not described, not cached */
	return true;
}

static bool put_nodes(struct vv_rcache_key *k, xmlNodePtr n)
{
	for (; n; n = n->next) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			if (!put_str(k, 'E', n->ns ? n->ns->href : NULL) || !put_str(k, 'n', n->name))
				return false;
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				if (!put_attr(k, a))
					return false;
			if (!put_nodes(k, n->children) || !put_bytes(k, "/", 1))
				return false;
			break;
		case XML_TEXT_NODE:
			if (!put_str(k, 'T', n->content))
				return false;
			break;
		case XML_CDATA_SECTION_NODE:
			if (!put_str(k, 'C', n->content))
				return false;
			break;
		default:
			return false; /* comments, PIs, entities: handlers make none */
		}
	}
	return true;
}

/* FNV-1a: a few instructions a byte over a key of a few hundred bytes. */
static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

bool vv_rcache_key(const void *sheet, xmlDocPtr doc, struct vv_rcache_key *k)
{
	k->len = 0;
	if (!doc || !put_bytes(k, &sheet, sizeof(sheet)) || !put_nodes(k, doc->children))
		return false;
	k->hash = fnv1a(k->bytes, k->len);
	return true;
}

static struct entry *find(const struct vv_rcache_key *k)
{
	struct entry *b = table[k->hash % NBUCKETS];
	for (int i = 0; i < WAYS; i++)
		if (b[i].out && b[i].hash == k->hash && b[i].key_len == k->len &&
		    memcmp(b[i].key, k->bytes, k->len) == 0)
			return &b[i];
	return NULL;
}

const char *vv_rcache_get(const struct vv_rcache_key *k, size_t *len)
{
	struct entry *e = find(k);
	vv_metrics_count(e ? VV_M_RCACHE_HITS : VV_M_RCACHE_MISSES);
	if (!e)
		return NULL;
	e->used = ++tick;
	*len = e->out_len;
	return e->out;
}

static void drop(struct entry *e)
{
	free(e->key);
	memset(e, 0, sizeof(*e));
}

void vv_rcache_put(const struct vv_rcache_key *k, const char *out, size_t len)
{
	if (len > MAX_OUT || find(k))
		return;
	struct entry *b = table[k->hash % NBUCKETS];
	struct entry *e = &b[0];
	for (int i = 1; i < WAYS; i++)
		if (!b[i].out || (e->out && b[i].used < e->used))
			e = &b[i];
	drop(e);
	unsigned char *key = malloc(k->len + len + 1);
	if (!key)
		return; /* out of memory: simply not cached */
	char *copy = (char *)key + k->len;
	memcpy(key, k->bytes, k->len);
	memcpy(copy, out, len);
	*e = (struct entry){k->hash, key, k->len, copy, len, ++tick};
}

void vv_rcache_clear(void)
{
	for (int b = 0; b < NBUCKETS; b++)
		for (int i = 0; i < WAYS; i++)
			drop(&table[b][i]);
	tick = 0;
}
