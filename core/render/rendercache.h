/* Rendered pages remembered by their whole input document (rendercache.c),
 * shared by render.c only. */
#ifndef VV_RENDERCACHE_H
#define VV_RENDERCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>

/* 16 KB: a customer's calendar week (~20 events, ~6 KB of key) repeats for
 * a minute and is worth keeping; a list of hundreds of rows is not. */
#define VV_RCACHE_MAX_KEY 16384

/* A page's key: the stylesheet and every node and attribute of the input
 * document, length-prefixed so that no two documents share one. */
struct vv_rcache_key {
	size_t len;
	uint64_t hash;
	unsigned char bytes[VV_RCACHE_MAX_KEY];
};

/* Fills k for (sheet, doc); false when the document is too large or holds
 * a node kind the key does not describe (such a page is not cached). */
bool vv_rcache_key(const void *sheet, xmlDocPtr doc, struct vv_rcache_key *k);
/* The output stored for k, or NULL. Worker memory, valid until the next
 * vv_rcache_put or vv_rcache_clear. */
const char *vv_rcache_get(const struct vv_rcache_key *k, size_t *len);
/* Remembers out[0..len) for k (copied), evicting an older page of the
 * same slot; an output too large to keep is skipped. */
void vv_rcache_put(const struct vv_rcache_key *k, const char *out, size_t len);
/* Forgets every page (stylesheets or catalogues are being replaced). */
void vv_rcache_clear(void);

#endif
