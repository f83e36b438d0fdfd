/* Per-request arena: every allocation made for one request comes from here
 * and is released in one go when the response is out. Resources that are
 * not plain memory (libxml2 documents, MYSQL_STMT, MYSQL_RES, ...) are
 * registered as cleanups the moment they exist; cleanups run in reverse
 * order of registration when the arena is reset or destroyed. */
#ifndef VV_ARENA_H
#define VV_ARENA_H

#include <stddef.h>

typedef struct vv_arena vv_arena_t;
typedef void (*vv_cleanup_fn)(void *data);

/* Creates an arena. The caller owns it; release with vv_arena_destroy.
 * Returns NULL on out-of-memory. */
vv_arena_t *vv_arena_create(void);

/* Runs cleanups and frees all memory, keeping the arena for reuse (the
 * first block is kept so that a steady request load does not malloc). */
void vv_arena_reset(vv_arena_t *a);

/* Runs cleanups and frees the arena itself. NULL is allowed. */
void vv_arena_destroy(vv_arena_t *a);

/* Returns n bytes aligned for any type, owned by the arena; never NULL
 * (aborts the worker on out-of-memory, which the master then replaces). */
void *vv_alloc(vv_arena_t *a, size_t n);

/* As vv_alloc, zero-filled. */
void *vv_calloc(vv_arena_t *a, size_t n);

/* Copies s (NULL gives NULL) / the first n bytes of s plus a NUL into the arena. */
char *vv_strdup(vv_arena_t *a, const char *s);
char *vv_strndup(vv_arena_t *a, const char *s, size_t n);

/* printf into arena memory. */
char *vv_sprintf(vv_arena_t *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Registers fn(data) to run when the arena is reset or destroyed.
 * Returns 0, or VV_ERR on out-of-memory (then fn(data) has already run, so
 * the resource never leaks). */
int vv_arena_cleanup(vv_arena_t *a, vv_cleanup_fn fn, void *data);

/* Bytes handed out since the last reset (for the per-request log and tests). */
size_t vv_arena_used(const vv_arena_t *a);

#endif
