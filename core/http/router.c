/* Route patterns: literal segments and typed parameters ({uuid}, {int},
 * {token}, {slug}, optionally named {id:int}). Typing the parameters here
 * means a handler never sees an id that could not be one, and a malformed
 * id is a 404 like any other unknown path. */
#include <ctype.h>
#include <string.h>
#include "core.h"
#include "vv/uuid.h"

/* A path segment is not NUL-terminated: n characters of s. */
static bool is_uuid(const char *s, size_t n)
{
	char buf[37];
	if (n != 36)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return vv_uuid_valid(buf);
}

static bool all_of(const char *s, size_t n, const char *extra, bool lower_only)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isdigit(c) || (c >= 'a' && c <= 'z') || (!lower_only && c >= 'A' && c <= 'Z') ||
		    (c && strchr(extra, c)))
			continue;
		return false;
	}
	return true;
}

/* Checks one path segment against a parameter type. Returns -1 for an
 * unknown type (a broken route), 1 on match, 0 otherwise. */
static int type_match(const char *type, size_t tlen, const char *s, size_t n)
{
#define IS(t) (tlen == sizeof(t) - 1 && memcmp(type, t, tlen) == 0)
	if (IS("uuid"))
		return is_uuid(s, n);
	if (IS("int")) {
		if (n == 0 || n > 18 || (n > 1 && s[0] == '0'))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!isdigit((unsigned char)s[i]))
				return 0;
		return 1;
	}
	if (IS("token"))
		return n >= 16 && n <= 128 && all_of(s, n, "-_", false);
	if (IS("slug"))
		return n >= 1 && n <= 64 && all_of(s, n, "-_", true);
	return -1;
#undef IS
}

/* Walks pattern and path together. With r == NULL only validates the
 * pattern (path NULL): returns 1 when it is well-formed. */
static int walk(vv_req_t *r, const char *pattern, const char *path)
{
	const char *p = pattern, *s = path;
	if (*p != '/' || (s && *s != '/'))
		return 0;
	while (*p) {
		if (*p != '/' || (s && *s != '/'))
			return 0;
		p++;
		if (s)
			s++;
		const char *pe = strchr(p, '/');
		if (!pe)
			pe = p + strlen(p);
		const char *se = s ? strchr(s, '/') : NULL;
		if (s && !se)
			se = s + strlen(s);
		if (*p == '{') {
			if (pe - p < 3 || pe[-1] != '}')
				return 0;
			const char *colon = memchr(p, ':', (size_t)(pe - p));
			const char *name = p + 1, *type = colon ? colon + 1 : p + 1;
			size_t nlen = (size_t)((colon ? colon : pe - 1) - name);
			size_t tlen = (size_t)(pe - 1 - type);
			if (nlen == 0)
				return 0;
			if (!s) {
				if (type_match(type, tlen, "", 0) < 0)
					return 0;
			} else {
				if (type_match(type, tlen, s, (size_t)(se - s)) != 1)
					return 0;
				if (r) {
					vv_arena_t *a = r->arena;
					if (vv_kv_add(a, &r->args, vv_strndup(a, name, nlen),
						      vv_strndup(a, s, (size_t)(se - s)),
						      (size_t)(se - s)) != 0)
						return 0;
				}
			}
		} else {
			if (memchr(p, '{', (size_t)(pe - p)) || memchr(p, '}', (size_t)(pe - p)))
				return 0;
			if (s && ((pe - p) != (se - s) || memcmp(p, s, (size_t)(pe - p)) != 0))
				return 0;
		}
		p = pe;
		if (s)
			s = se;
	}
	return s ? *s == '\0' : 1;
}

int vv_route_match(vv_req_t *r, const char *pattern, const char *path)
{
	size_t before = r->args.n;
	int m = walk(r, pattern, path);
	if (!m)
		r->args.n = before; /* drop arguments of a partial match */
	return m;
}

bool vv_route_matches(const char *pattern, const char *path)
{
	return pattern && path && walk(NULL, pattern, path) == 1;
}

bool vv_route_pattern_valid(const char *pattern)
{
	return pattern && walk(NULL, pattern, NULL) == 1;
}
