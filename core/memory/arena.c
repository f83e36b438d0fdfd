/* Per-request arena: a chain of blocks handed out by bumping a pointer.
 *
 * The first block (ARENA_BLOCK bytes) lives as long as the arena, so a
 * worker serving ordinary requests does not call malloc per request.
 * Requests larger than a quarter of a block get a block of their own,
 * linked behind the current one, so the free tail of the current block is
 * not wasted. Under AddressSanitizer the free tail of every block and a
 * small red zone after each allocation are poisoned, so that an overrun
 * inside the arena is reported just like one on the heap (the fuzzer relies
 * on this). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif

#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#define REDZONE ((size_t)16)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#define REDZONE ((size_t)0)
#endif

#define ARENA_ALIGN ((size_t)16)
#define ARENA_BLOCK ((size_t)16 * 1024)
#define ARENA_BIG (ARENA_BLOCK / 4)
/* Ordinary blocks double in size up to this, so that a request making many
 * small allocations needs few mallocs. */
#define ARENA_BLOCK_MAX ((size_t)256 * 1024)

struct block {
	struct block *next;
	size_t size;  /* bytes usable in data */
	size_t used;
	/* data follows, at an offset that keeps it 16-byte aligned */
};

#define BLOCK_HDR ((sizeof(struct block) + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1))

struct cleanup {
	vv_cleanup_fn fn;
	void *data;
	struct cleanup *next;
};

struct vv_arena {
	struct block *first;     /* kept across resets */
	struct block *cur;       /* where small allocations are bumped */
	size_t next_size;        /* size of the next ordinary block */
	size_t used;             /* bytes handed out since the last reset */
	struct cleanup *cleanups; /* most recent first */
};

static unsigned char *block_data(struct block *b)
{
	return (unsigned char *)b + BLOCK_HDR;
}

static struct block *block_new(size_t size)
{
	if (size > SIZE_MAX - BLOCK_HDR - ARENA_ALIGN)
		return NULL;
	size_t total = (BLOCK_HDR + size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	struct block *b = aligned_alloc(ARENA_ALIGN, total);
	if (!b)
		return NULL;
	b->next = NULL;
	b->size = total - BLOCK_HDR;
	b->used = 0;
	POISON(block_data(b), b->size);
	return b;
}

static void block_free(struct block *b)
{
	UNPOISON(block_data(b), b->size);
	free(b);
}

vv_arena_t *vv_arena_create(void)
{
	vv_arena_t *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->first = block_new(ARENA_BLOCK);
	if (!a->first) {
		free(a);
		return NULL;
	}
	a->cur = a->first;
	a->next_size = ARENA_BLOCK * 2;
	return a;
}

/* Runs cleanups newest first. A cleanup may register another (it then runs
 * next), which is why the list is popped rather than walked. */
static void run_cleanups(vv_arena_t *a)
{
	while (a->cleanups) {
		struct cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->data);
	}
}

void vv_arena_reset(vv_arena_t *a)
{
	if (!a)
		return;
	run_cleanups(a);
	/* Big blocks may hang behind the first block, so walk the whole chain. */
	struct block *b = a->cur;
	while (b) {
		struct block *next = b->next;
		if (b != a->first)
			block_free(b);
		b = next;
	}
	a->first->next = NULL;
	a->first->used = 0;
	POISON(block_data(a->first), a->first->size);
	a->cur = a->first;
	a->next_size = ARENA_BLOCK * 2;
	a->used = 0;
}

void vv_arena_destroy(vv_arena_t *a)
{
	if (!a)
		return;
	vv_arena_reset(a);
	block_free(a->first);
	free(a);
}

/* Bump-allocates n bytes, or returns NULL when malloc fails. */
static void *arena_try_alloc(vv_arena_t *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2)
		return NULL;
	size_t need = (n + REDZONE + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	struct block *b = a->cur;
	if (b->size - b->used < need) {
		if (need > ARENA_BIG) {
			/* A block of its own, behind the current one so that the
			 * current block's free tail stays in use. */
			b = block_new(need);
			if (!b)
				return NULL;
			b->next = a->cur->next;
			a->cur->next = b;
		} else {
			b = block_new(a->next_size);
			if (!b)
				return NULL;
			if (a->next_size < ARENA_BLOCK_MAX)
				a->next_size *= 2;
			b->next = a->cur;
			a->cur = b;
		}
	}
	unsigned char *p = block_data(b) + b->used;
	b->used += need;
	a->used += n;
	UNPOISON(p, n);
	return p;
}

void *vv_alloc(vv_arena_t *a, size_t n)
{
	void *p = arena_try_alloc(a, n);
	if (!p) {
		/* Documented in vv/arena.h: the master replaces the worker. */
		vv_error("arena: out of memory allocating %zu bytes", n);
		abort();
	}
	return p;
}

void *vv_calloc(vv_arena_t *a, size_t n)
{
	void *p = vv_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *vv_strdup(vv_arena_t *a, const char *s)
{
	if (!s)
		return NULL;
	return vv_strndup(a, s, strlen(s));
}

char *vv_strndup(vv_arena_t *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	/* Like strndup: stop at a NUL before n, never read past it. */
	n = strnlen(s, n);
	char *d = vv_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *vv_sprintf(vv_arena_t *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = NULL;
	if (n >= 0) {
		s = vv_alloc(a, (size_t)n + 1);
		vsnprintf(s, (size_t)n + 1, fmt, ap2);
	}
	/* n < 0 only for an unencodable wide string: give NULL. */
	va_end(ap2);
	return s;
}

int vv_arena_cleanup(vv_arena_t *a, vv_cleanup_fn fn, void *data)
{
	struct cleanup *c = arena_try_alloc(a, sizeof(*c));
	if (!c) {
		/* Release now so that the caller's resource never leaks. */
		fn(data);
		return VV_ERR;
	}
	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
	return 0;
}

size_t vv_arena_used(const vv_arena_t *a)
{
	return a->used;
}
