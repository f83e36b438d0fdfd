/* The request as plugins see it: name/value lists and the accessors of
 * vv/req.h, plus the response setters. Parsing lives in req_parse.c. */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "core.h"

/* Stores the pointers as given: name and value must live as long as the
 * arena (arena memory or static strings). filename and ctype start NULL;
 * the multipart parser sets them on the entry it has just added. */
int vv_kv_add(vv_arena_t *a, struct vv_kvlist *l, const char *name, const char *value, size_t len)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct vv_kv *v = vv_alloc(a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		/* The old array stays in the arena until reset; lists are
		 * short, so the waste is small. */
		l->v = v;
		l->cap = cap;
	}
	struct vv_kv *kv = &l->v[l->n++];
	kv->name = name;
	kv->value = value;
	kv->len = len;
	kv->filename = NULL;
	kv->ctype = NULL;
	return 0;
}

const struct vv_kv *vv_kv_find(const struct vv_kvlist *l, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

void vv_req_init(vv_req_t *r, vv_arena_t *a)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->role = VV_ROLE_ANON;
	r->lang = "fi";
	r->status = 200;
}

const char *vv_req_method(const vv_req_t *r)
{
	return r->method;
}

const char *vv_req_path(const vv_req_t *r)
{
	return r->path;
}

const char *vv_req_subpath(const vv_req_t *r)
{
	return r->subpath;
}

const char *vv_req_lang(const vv_req_t *r)
{
	return r->lang;
}

const char *vv_req_query_string(const vv_req_t *r)
{
	return r->query_string ? r->query_string : "";
}

const char *vv_req_query(const vv_req_t *r, const char *name)
{
	const struct vv_kv *kv = vv_kv_find(&r->query, name);
	return kv ? kv->value : NULL;
}

int64_t vv_req_page(const vv_req_t *r, int64_t max)
{
	const char *q = vv_req_query(r, "page");
	int64_t n = 0;
	if (!q || !*q || strlen(q) > 6)
		return 0;
	for (const char *c = q; *c; c++) {
		if (*c < '0' || *c > '9')
			return 0;
		n = n * 10 + (*c - '0');
	}
	return n > max ? max : n;
}

const char *vv_req_form(const vv_req_t *r, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct vv_kv *kv = &r->form.v[i];
		if (!kv->filename && strcmp(kv->name, name) == 0)
			return kv->value;
	}
	return NULL;
}

const char *vv_req_param(const vv_req_t *r, const char *name)
{
	const char *v = vv_req_form(r, name);
	return v ? v : vv_req_query(r, name);
}

size_t vv_req_form_all(const vv_req_t *r, const char *name, const char **out, size_t max)
{
	size_t n = 0;
	if (!name)
		return 0;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct vv_kv *kv = &r->form.v[i];
		if (kv->filename || strcmp(kv->name, name) != 0)
			continue;
		if (out && n < max)
			out[n] = kv->value;
		n++;
	}
	return n;
}

const char *vv_req_file(const vv_req_t *r, const char *name, size_t *len,
			const char **filename, const char **content_type)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct vv_kv *kv = &r->form.v[i];
		if (!kv->filename || strcmp(kv->name, name) != 0)
			continue;
		if (len)
			*len = kv->len;
		if (filename)
			*filename = kv->filename;
		if (content_type)
			*content_type = kv->ctype;
		return kv->value;
	}
	return NULL;
}

const char *vv_req_cookie(const vv_req_t *r, const char *name)
{
	const struct vv_kv *kv = vv_kv_find(&r->cookies, name);
	return kv ? kv->value : NULL;
}

/* FastCGI passes headers as CGI variables: "User-Agent" arrives as
 * HTTP_USER_AGENT, except the two that CGI names without the prefix. */
const char *vv_req_header(const vv_req_t *r, const char *name)
{
	char key[128];
	size_t n = 0;
	if (!name)
		return NULL;
	if (strcasecmp(name, "Content-Type") != 0 && strcasecmp(name, "Content-Length") != 0) {
		memcpy(key, "HTTP_", 5);
		n = 5;
	}
	for (const char *p = name; *p; p++) {
		if (n + 1 >= sizeof(key))
			return NULL; /* no real header name is this long */
		key[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
	}
	key[n] = '\0';
	for (size_t i = 0; i < r->headers.n; i++)
		if (strcasecmp(r->headers.v[i].name, key) == 0)
			return r->headers.v[i].value;
	return NULL;
}

const char *vv_req_addr(const vv_req_t *r)
{
	return r->addr;
}

const char *vv_req_arg(const vv_req_t *r, const char *name)
{
	const struct vv_kv *kv = vv_kv_find(&r->args, name);
	return kv ? kv->value : NULL;
}

vv_arena_t *vv_req_arena(vv_req_t *r)
{
	return r->arena;
}

unsigned vv_req_role(const vv_req_t *r)
{
	return r->role;
}

int64_t vv_req_user_id(const vv_req_t *r)
{
	return r->user_id;
}

int64_t vv_req_tenant_id(const vv_req_t *r)
{
	return r->tenant_id;
}

const char *vv_req_user_name(const vv_req_t *r)
{
	return r->user_id ? r->user_name : NULL;
}

const char *vv_req_user_email(const vv_req_t *r)
{
	return r->user_id ? r->user_email : NULL;
}

const char *vv_req_user_language(const vv_req_t *r)
{
	return r->user_id ? r->user_language : NULL;
}

const char *vv_req_changes(const vv_req_t *r)
{
	return r->changes;
}

/* Name and value are copied; one holding CR or LF is refused (logged). */
void vv_resp_header(vv_req_t *r, const char *name, const char *value)
{
	if (!name || !value)
		return;
	/* A CR or LF would let a value (say a Location built from user
	 * input) start a header or body of its own. */
	if (strpbrk(name, "\r\n") || strpbrk(value, "\r\n")) {
		vv_warn("response header %s refused: contains a line break", name);
		return;
	}
	const char *v = vv_strdup(r->arena, value);
	vv_kv_add(r->arena, &r->resp_headers, vv_strdup(r->arena, name), v, strlen(v));
}

int vv_resp_redirect(vv_req_t *r, int status, const char *location)
{
	vv_resp_header(r, "Location", location);
	r->status = status;
	return status;
}

int vv_resp_body(vv_req_t *r, const char *content_type, const char *data, size_t len)
{
	/* One spare NUL so that text bodies can be logged or compared as strings. */
	char *body = vv_alloc(r->arena, len + 1);
	if (len)
		memcpy(body, data, len);
	body[len] = '\0';
	r->body = body;
	r->body_len = len;
	r->content_type = vv_strdup(r->arena, content_type);
	r->status = 200;
	return 200;
}
