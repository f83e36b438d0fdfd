/* Request parsing: URI, query strings, urlencoded and multipart bodies,
 * cookies. Everything a client sends passes through here before a plugin
 * sees it, so the rules are strict: bad percent escapes, NUL bytes, invalid
 * UTF-8 and dot segments are refused rather than repaired, and the limits
 * of struct vv_limits are checked as fields are added, not afterwards.
 * All memory comes from the request arena. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* memmem */
#endif
#include <string.h>
#include <strings.h>
#include "core.h"

bool vv_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0; /* overlong */
			else if (c == 0xED)
				hi = 0x9F; /* UTF-16 surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90; /* overlong */
			else if (c == 0xF4)
				hi = 0x8F; /* beyond U+10FFFF */
		} else {
			/* continuation byte, overlong C0/C1, or F5..FF */
			return false;
		}
		if (len - i <= n)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= n; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += n + 1;
	}
	return true;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int vv_url_decode(vv_arena_t *a, const char *s, size_t len, bool plus_is_space,
		  char **out, size_t *outlen)
{
	char *d = vv_alloc(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (len - i < 3)
				return VV_INVALID;
			int h = hexval((unsigned char)s[i + 1]);
			int l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return VV_INVALID;
			c = (unsigned char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		d[n++] = (char)c;
	}
	d[n] = '\0';
	/* Also catches %00 and raw NUL bytes. */
	if (!vv_utf8_valid(d, n))
		return VV_INVALID;
	*out = d;
	if (outlen)
		*outlen = n;
	return 0;
}

/* Counts one more query or form field against the limit. */
static int count_field(vv_req_t *r, const struct vv_limits *lim)
{
	if (r->nfields >= lim->max_fields)
		return VV_INVALID;
	r->nfields++;
	return 0;
}

/* True when a segment of path is "." or "..": such paths are refused, not
 * normalised, so that no two spellings reach the same route. */
static bool has_dot_segment(const char *path)
{
	const char *p = path;
	while (*p == '/') {
		const char *seg = p + 1;
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return true;
		p = seg + n;
	}
	return false;
}

int vv_parse_uri(vv_req_t *r, const char *uri, const struct vv_limits *lim)
{
	static const char *const langs[] = {"fi", "sv", "en"};
	if (!uri)
		return VV_INVALID;
	const char *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : strlen(uri);
	char *path;
	size_t len;
	if (plen == 0 || uri[0] != '/')
		return VV_INVALID;
	if (vv_url_decode(r->arena, uri, plen, false, &path, &len) < 0)
		return VV_INVALID;
	if (has_dot_segment(path))
		return VV_INVALID;
	r->path = path;
	r->has_lang = false;
	r->lang = "fi";
	r->subpath = path;
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		if (path[1] == langs[i][0] && path[2] == langs[i][1] &&
		    (path[3] == '\0' || path[3] == '/')) {
			r->has_lang = true;
			r->lang = langs[i];
			r->subpath = path[3] ? path + 3 : "/";
			break;
		}
	}
	r->query_string = q ? vv_strdup(r->arena, q + 1) : "";
	return vv_parse_urlencoded(r, r->query_string, strlen(r->query_string), &r->query, lim);
}

int vv_parse_urlencoded(vv_req_t *r, const char *s, size_t len, struct vv_kvlist *l,
			const struct vv_limits *lim)
{
	size_t i = 0;
	while (i < len) {
		const char *piece = s + i;
		const char *amp = memchr(piece, '&', len - i);
		size_t plen = amp ? (size_t)(amp - piece) : len - i;
		i += plen + 1;
		if (plen == 0)
			continue;
		const char *eq = memchr(piece, '=', plen);
		size_t nlen = eq ? (size_t)(eq - piece) : plen;
		char *name, *value = "";
		size_t dn, dv = 0;
		if (vv_url_decode(r->arena, piece, nlen, true, &name, &dn) < 0)
			return VV_INVALID;
		if (eq && vv_url_decode(r->arena, eq + 1, plen - nlen - 1, true, &value, &dv) < 0)
			return VV_INVALID;
		/* No handler looks up the empty name; don't let it count. */
		if (dn == 0)
			continue;
		if (count_field(r, lim) < 0 || dn > lim->max_field_len || dv > lim->max_field_len)
			return VV_INVALID;
		vv_kv_add(r->arena, l, name, value, dv);
	}
	return 0;
}

/* --- multipart/form-data (RFC 7578) --- */

/* Finds parameter pname in a header value like
 * `form-data; name="x"; filename="y"` or `multipart/form-data; boundary=z`,
 * starting the search after the first ';'. Quoted values end at the next
 * quote: browsers percent-encode '"' in names and file names rather than
 * escaping it with a backslash. Returns 1 and sets *v and *vlen when found,
 * 0 when absent, VV_INVALID when a quote is left open. */
static int header_param(const char *h, size_t hlen, const char *pname,
			const char **v, size_t *vlen)
{
	size_t pn = strlen(pname);
	const char *end = h + hlen;
	const char *p = memchr(h, ';', hlen);
	while (p && p < end) {
		p++; /* past ';' */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *key = p;
		while (p < end && *p != '=' && *p != ';')
			p++;
		size_t klen = (size_t)(p - key);
		while (klen && (key[klen - 1] == ' ' || key[klen - 1] == '\t'))
			klen--;
		if (p == end || *p == ';')
			continue; /* a parameter without a value: skip it */
		p++; /* past '=' */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *val;
		size_t len;
		if (p < end && *p == '"') {
			val = ++p;
			const char *close = memchr(p, '"', (size_t)(end - p));
			if (!close)
				return VV_INVALID;
			len = (size_t)(close - val);
			p = close + 1;
			while (p < end && *p != ';')
				p++;
		} else {
			val = p;
			while (p < end && *p != ';' && *p != ' ' && *p != '\t')
				p++;
			len = (size_t)(p - val);
			while (p < end && *p != ';')
				p++;
		}
		if (klen == pn && strncasecmp(key, pname, pn) == 0) {
			*v = val;
			*vlen = len;
			return 1;
		}
	}
	return 0;
}

/* One part's headers, as found. */
struct part {
	const char *name, *filename, *ctype;
	size_t nlen, flen, clen;
	bool has_name, has_filename, has_ctype;
};

static bool starts_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && strncasecmp(s, prefix, n) == 0;
}

/* Parses one header line of a part into pt. Unknown headers are ignored. */
static int part_header(const char *line, size_t len, struct part *pt)
{
	const char *colon = memchr(line, ':', len);
	if (!colon)
		return VV_INVALID;
	size_t hn = (size_t)(colon - line);
	const char *v = colon + 1;
	size_t vlen = len - hn - 1;
	while (vlen && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	if (hn == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
		if (!starts_ci(v, vlen, "form-data") ||
		    (vlen > 9 && v[9] != ';' && v[9] != ' ' && v[9] != '\t'))
			return VV_INVALID;
		int rc = header_param(v, vlen, "name", &pt->name, &pt->nlen);
		if (rc < 0)
			return VV_INVALID;
		pt->has_name = rc == 1;
		rc = header_param(v, vlen, "filename", &pt->filename, &pt->flen);
		if (rc < 0)
			return VV_INVALID;
		pt->has_filename = rc == 1;
	} else if (hn == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
		pt->ctype = v;
		pt->clen = vlen;
		pt->has_ctype = true;
	}
	return 0;
}

/* Checks a part against the limits and adds it to r->form. */
static int part_add(vv_req_t *r, const struct part *pt, const char *data, size_t len,
		    const struct vv_limits *lim)
{
	if (!pt->has_name || pt->nlen == 0 || pt->nlen > lim->max_field_len ||
	    !vv_utf8_valid(pt->name, pt->nlen))
		return VV_INVALID;
	if (count_field(r, lim) < 0)
		return VV_INVALID;
	if (pt->has_filename) {
		if (len > lim->max_file_len || pt->flen > lim->max_field_len ||
		    !vv_utf8_valid(pt->filename, pt->flen))
			return VV_INVALID;
		if (pt->has_ctype && (pt->clen > lim->max_field_len ||
				      !vv_utf8_valid(pt->ctype, pt->clen)))
			return VV_INVALID;
	} else if (len > lim->max_field_len || !vv_utf8_valid(data, len)) {
		return VV_INVALID;
	}
	/* Copied with a spare NUL: value is then usable as a string, and the
	 * caller's body buffer need not outlive parsing. */
	char *value = vv_alloc(r->arena, len + 1);
	if (len)
		memcpy(value, data, len);
	value[len] = '\0';
	vv_kv_add(r->arena, &r->form, vv_strndup(r->arena, pt->name, pt->nlen), value, len);
	if (pt->has_filename) {
		struct vv_kv *kv = &r->form.v[r->form.n - 1];
		kv->filename = vv_strndup(r->arena, pt->filename, pt->flen);
		kv->ctype = pt->has_ctype ? vv_strndup(r->arena, pt->ctype, pt->clen)
					  : "application/octet-stream";
	}
	return 0;
}

int vv_parse_multipart(vv_req_t *r, const char *ctype, const char *body, size_t len,
		       const struct vv_limits *lim)
{
	const char *b;
	size_t blen;
	char delim[2 + 2 + 70 + 1]; /* CRLF "--" boundary */
	if (!ctype || header_param(ctype, strlen(ctype), "boundary", &b, &blen) != 1)
		return VV_INVALID;
	/* RFC 2046: 1 to 70 characters. */
	if (blen == 0 || blen > 70 || memchr(b, '\r', blen) || memchr(b, '\n', blen))
		return VV_INVALID;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b, blen);
	size_t dlen = blen + 4;
	if (!body)
		return VV_INVALID;

	/* The first delimiter may open the body or follow a preamble. */
	const char *p = body, *end = body + len;
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		p = body + dlen - 2;
	} else {
		const char *f = memmem(body, len, delim, dlen);
		if (!f)
			return VV_INVALID;
		p = f + dlen;
	}

	for (;;) {
		/* p is just past a delimiter: "--" closes, else padding + CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return VV_INVALID;
		p += 2;

		struct part pt = {0};
		for (;;) {
			const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
			if (!eol)
				return VV_INVALID;
			size_t ll = (size_t)(eol - p);
			const char *line = p;
			p = eol + 2;
			if (ll == 0)
				break;
			if (part_header(line, ll, &pt) < 0)
				return VV_INVALID;
		}

		/* The blank line's CRLF may itself start the delimiter of an
		 * empty part, so search from just before it. */
		const char *data = p;
		const char *f = memmem(p - 2, (size_t)(end - p + 2), delim, dlen);
		if (!f)
			return VV_INVALID;
		size_t dl = f >= data ? (size_t)(f - data) : 0;
		if (part_add(r, &pt, data, dl, lim) < 0)
			return VV_INVALID;
		p = f + dlen;
	}
}

/* True when ctype is type, optionally followed by parameters. */
static bool ctype_is(const char *ctype, const char *type)
{
	size_t n = strlen(type);
	if (strncasecmp(ctype, type, n) != 0)
		return false;
	char c = ctype[n];
	return c == '\0' || c == ';' || c == ' ' || c == '\t';
}

int vv_parse_body(vv_req_t *r, const char *ctype, const char *body, size_t len,
		  const struct vv_limits *lim)
{
	if (!ctype || len == 0)
		return 0;
	if (len > lim->max_body)
		return VV_INVALID;
	if (ctype_is(ctype, "application/x-www-form-urlencoded"))
		return vv_parse_urlencoded(r, body, len, &r->form, lim);
	if (ctype_is(ctype, "multipart/form-data"))
		return vv_parse_multipart(r, ctype, body, len, lim);
	return 0;
}

int vv_parse_cookies(vv_req_t *r, const char *header)
{
	if (!header)
		return 0;
	const char *p = header;
	while (*p) {
		const char *semi = strchr(p, ';');
		size_t plen = semi ? (size_t)(semi - p) : strlen(p);
		const char *s = p, *e = p + plen;
		p = semi ? semi + 1 : e;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		const char *eq = memchr(s, '=', (size_t)(e - s));
		if (!eq || eq == s)
			continue;
		size_t nlen = (size_t)(eq - s), vlen = (size_t)(e - eq - 1);
		/* Cookie values reach pages and logs: keep only text. */
		if (!vv_utf8_valid(s, (size_t)(e - s)))
			continue;
		vv_kv_add(r->arena, &r->cookies, vv_strndup(r->arena, s, nlen),
			  vv_strndup(r->arena, eq + 1, vlen), vlen);
	}
	return 0;
}
