/* CSV downloads (vv/csv.h): RFC 4180 with a byte order mark and the
 * formula guard. The text grows in the arena by doubling, so a large
 * export costs about twice its size until the request ends. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "core.h"
#include "vv/csv.h"

struct vv_csv {
	vv_arena_t *a;
	char *buf;
	size_t len, cap;
	bool row_open; /* a field was written to the current record */
	bool failed;
};

static bool reserve(vv_csv_t *c, size_t more)
{
	if (c->failed)
		return false;
	if (c->len + more + 1 <= c->cap)
		return true;
	size_t cap = c->cap ? c->cap : 256;
	while (cap < c->len + more + 1)
		cap *= 2;
	char *nb = vv_alloc(c->a, cap);
	if (!nb) {
		c->failed = true;
		return false;
	}
	if (c->len)
		memcpy(nb, c->buf, c->len);
	c->buf = nb;
	c->cap = cap;
	return true;
}

static void put(vv_csv_t *c, const char *s, size_t n)
{
	if (!reserve(c, n))
		return;
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	c->buf[c->len] = '\0';
}

vv_csv_t *vv_csv_new(vv_arena_t *a)
{
	vv_csv_t *c = vv_calloc(a, sizeof(*c));
	if (!c)
		return NULL;
	c->a = a;
	put(c, "\xEF\xBB\xBF", 3);
	return c->failed ? NULL : c;
}

static void separator(vv_csv_t *c)
{
	if (c->row_open)
		put(c, ",", 1);
	c->row_open = true;
}

void vv_csv_field(vv_csv_t *c, const char *s)
{
	if (!c)
		return;
	separator(c);
	if (!s || !*s)
		return;
	bool guard = strchr("=+-@\t\r", s[0]) != NULL;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		put(c, "\"", 1);
	if (guard)
		put(c, "'", 1);
	for (const char *p = s; *p;) {
		const char *q = quote ? strchr(p, '"') : NULL;
		size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
		put(c, p, n);
		if (q)
			put(c, "\"", 1); /* the quote doubled */
		p += n;
	}
	if (quote)
		put(c, "\"", 1);
}

void vv_csv_int(vv_csv_t *c, int64_t v)
{
	if (!c)
		return;
	char num[24];
	int n = snprintf(num, sizeof(num), "%" PRId64, v);
	separator(c);
	put(c, num, (size_t)n);
}

void vv_csv_end_row(vv_csv_t *c)
{
	if (!c)
		return;
	put(c, "\r\n", 2);
	c->row_open = false;
}

const char *vv_csv_text(const vv_csv_t *c, size_t *len)
{
	if (!c || c->failed)
		return NULL;
	*len = c->len;
	return c->buf;
}

int vv_csv_send(vv_req_t *r, const vv_csv_t *c, const char *filename)
{
	size_t len;
	const char *text = vv_csv_text(c, &len);
	char *name = vv_strdup(vv_req_arena(r), filename ? filename : "export.csv");
	if (!text || !name)
		return VV_ERR;
	for (char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p))
			*p = '_';
	vv_resp_header(r, "Content-Disposition",
		       vv_sprintf(vv_req_arena(r), "attachment; filename=\"%s\"", name));
	vv_resp_header(r, "Cache-Control", "no-store");
	return vv_resp_body(r, "text/csv; charset=utf-8; header=present", text, len);
}
