/* libFuzzer target for request parsing: the same bytes go through the URI
 * parser, both body parsers and the cookie parser, with a fresh arena per
 * input. Besides crashes and sanitizer reports it checks the parsers'
 * promises: whatever they accept is valid UTF-8 text (file parts aside)
 * and within the limits. Build and run with tests/fuzz/run.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static vv_arena_t *arena;

static const struct vv_limits lim = {1 << 16, 64, 1024, 1 << 15};

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void check_list(const struct vv_kvlist *l, bool files_allowed)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct vv_kv *kv = &l->v[i];
		check(kv->name && kv->value);
		check(vv_utf8_valid(kv->name, strlen(kv->name)));
		check(kv->name[0] != '\0');
		if (kv->filename) {
			check(files_allowed);
			check(kv->len <= lim.max_file_len);
			check(vv_utf8_valid(kv->filename, strlen(kv->filename)));
			check(kv->ctype != NULL);
		} else {
			check(kv->len == strlen(kv->value));
			check(kv->len <= lim.max_field_len);
			check(vv_utf8_valid(kv->value, kv->len));
		}
	}
}

static void check_req(const vv_req_t *r)
{
	check(r->nfields <= lim.max_fields);
	check(r->query.n + r->form.n == r->nfields);
	check_list(&r->query, false);
	check_list(&r->form, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!arena)
		arena = vv_arena_create();
	vv_req_t req, *r = &req;

	/* The same bytes as a NUL-terminated string, in arena memory so that
	 * ASan sees overruns of it too. */
	char *s = vv_alloc(arena, size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	vv_req_init(r, arena);
	if (vv_parse_uri(r, s, &lim) == 0) {
		check(r->path[0] == '/');
		check(vv_utf8_valid(r->path, strlen(r->path)));
		check(strstr(r->path, "/../") == NULL && strstr(r->path, "/./") == NULL);
		check(r->subpath && r->subpath[0] == '/');
		check(r->lang && strlen(r->lang) == 2);
		check_req(r);
	}

	/* Percent-decoding alone: output is never longer and always text. */
	char *out;
	size_t outlen;
	if (vv_url_decode(arena, (const char *)data, size, true, &out, &outlen) == 0) {
		check(outlen <= size);
		check(vv_utf8_valid(out, outlen));
	}

	vv_req_init(r, arena);
	if (vv_parse_body(r, "application/x-www-form-urlencoded", (const char *)data, size, &lim) == 0)
		check_req(r);

	vv_req_init(r, arena);
	if (vv_parse_body(r, "multipart/form-data; boundary=XyZ", (const char *)data, size, &lim) == 0)
		check_req(r);

	/* The first line as the content type, the rest as the body: reaches
	 * the boundary parameter parsing. */
	const uint8_t *nl = memchr(data, '\n', size);
	if (nl) {
		size_t clen = (size_t)(nl - data);
		char *ctype = vv_strndup(arena, (const char *)data, clen);
		vv_req_init(r, arena);
		if (vv_parse_body(r, ctype, (const char *)nl + 1, size - clen - 1, &lim) == 0)
			check_req(r);
	}

	vv_req_init(r, arena);
	vv_parse_cookies(r, s);
	for (size_t i = 0; i < r->cookies.n; i++) {
		const struct vv_kv *kv = &r->cookies.v[i];
		check(kv->name[0] != '\0');
		check(vv_utf8_valid(kv->value, kv->len));
		check(strchr(kv->name, ';') == NULL && strchr(kv->value, ';') == NULL);
	}

	vv_arena_reset(arena);
	return 0;
}
