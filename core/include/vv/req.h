/* One HTTP request and its response, as a plugin handler sees them.
 *
 * Every string returned here is owned by the request arena and stays valid
 * until the response is written. Names are matched exactly (header names
 * case-insensitively). */
#ifndef VV_REQ_H
#define VV_REQ_H

#include <stddef.h>
#include <stdint.h>
#include "vv/arena.h"

typedef struct vv_req vv_req_t;

/* Roles, as a bit set: a route lists the roles allowed to call it. */
#define VV_ROLE_ANON 0x01u
#define VV_ROLE_CUSTOMER 0x02u
#define VV_ROLE_PROFESSIONAL 0x04u
#define VV_ROLE_OPERATOR 0x08u
#define VV_ROLE_ADMIN 0x10u
#define VV_ROLES_STAFF (VV_ROLE_PROFESSIONAL | VV_ROLE_OPERATOR | VV_ROLE_ADMIN)
#define VV_ROLES_USER (VV_ROLE_CUSTOMER | VV_ROLES_STAFF)
#define VV_ROLES_ALL (VV_ROLE_ANON | VV_ROLES_USER)

/* "GET", "POST", ... (HEAD is routed as GET). */
const char *vv_req_method(const vv_req_t *r);
/* Percent-decoded path without the query, e.g. "/fi/events/ab12...". */
const char *vv_req_path(const vv_req_t *r);
/* The path after the language prefix ("/events/ab12..."); the whole path
 * for routes outside the language tree. */
const char *vv_req_subpath(const vv_req_t *r);
/* Page language from the URL prefix: "fi", "sv" or "en". */
const char *vv_req_lang(const vv_req_t *r);
/* The raw query string (may be ""). */
const char *vv_req_query_string(const vv_req_t *r);

/* First value of a query-string field / form field (urlencoded or
 * multipart) / either (form first); NULL when absent. */
const char *vv_req_query(const vv_req_t *r, const char *name);
const char *vv_req_form(const vv_req_t *r, const char *name);
const char *vv_req_param(const vv_req_t *r, const char *name);
/* The page of a paged list that ?page= asks for, from 0: a whole number
 * (at most 6 digits) clamped to max; anything else 0. */
int64_t vv_req_page(const vv_req_t *r, int64_t max);
/* Every form value of a repeated field (checkboxes, multi-selects), in order.
 * Stores up to max pointers in out and returns how many there are in all. */
size_t vv_req_form_all(const vv_req_t *r, const char *name, const char **out, size_t max);
/* An uploaded file of a multipart form: its bytes (not NUL-terminated),
 * length, file name and content type; NULL when there is no such part. */
const char *vv_req_file(const vv_req_t *r, const char *name, size_t *len,
			const char **filename, const char **content_type);

const char *vv_req_cookie(const vv_req_t *r, const char *name);
/* Header by its HTTP name, e.g. "User-Agent", "Accept-Language". */
const char *vv_req_header(const vv_req_t *r, const char *name);
/* Client address as nginx saw it. */
const char *vv_req_addr(const vv_req_t *r);
/* Typed route parameter: for "/events/{uuid}" vv_req_arg(r, "uuid"); for
 * "/users/{id:int}" vv_req_arg(r, "id"). NULL when the route has none. */
const char *vv_req_arg(const vv_req_t *r, const char *name);

/* The request's arena: allocate freely, never free. */
vv_arena_t *vv_req_arena(vv_req_t *r);

/* Who is asking. Anonymous requests have role VV_ROLE_ANON and ids 0. */
unsigned vv_req_role(const vv_req_t *r);
int64_t vv_req_user_id(const vv_req_t *r);
int64_t vv_req_tenant_id(const vv_req_t *r);

/* The signed-in user's display name ("First Last"), e-mail and device
 * language (customers; else NULL); NULL when anonymous. */
const char *vv_req_user_name(const vv_req_t *r);
const char *vv_req_user_email(const vv_req_t *r);
const char *vv_req_user_language(const vv_req_t *r);

/* The change rows (vv/changes.h) of the signed-in user, their tenant and
 * its content ('u', 't', 'c'), as one string read with the session, so
 * that a copy kept per worker can be checked without another statement:
 * it is still right while this string is what it was when the copy was
 * read (the copy read after the session). NULL when anonymous. Request
 * memory. */
const char *vv_req_changes(const vv_req_t *r);

/* Response. vv_resp_header adds a header (copied). */
void vv_resp_header(vv_req_t *r, const char *name, const char *value);
/* Sets Location and returns status (303 for after-POST, 302 otherwise);
 * location is a path like "/fi/events" and is copied. */
int vv_resp_redirect(vv_req_t *r, int status, const char *location);
/* Sends data as the whole body with this content type instead of a
 * rendered page (JSON APIs, files). Copies data; returns 200. */
int vv_resp_body(vv_req_t *r, const char *content_type, const char *data, size_t len);
/* Sends the regular file dir/name (name: one path segment) as the body -
 * read by the worker up to max_bytes (larger: VV_UNAVAILABLE, logged) - or,
 * when accel_prefix is set, lets nginx send it (X-Accel-Redirect:
 * accel_prefix + name, an internal location aliasing dir), which also
 * answers range requests. A symbolic link, FIFO, device or missing file is
 * VV_NOTFOUND. Returns 200 or a negative VV_ code. */
int vv_resp_file(vv_req_t *r, const char *dir, const char *name, const char *content_type,
		 const char *accel_prefix, size_t max_bytes);
/* The max_bytes recordings use: larger files need accel_prefix. */
#define VV_RESP_FILE_MAX ((size_t)64 << 20)

#endif
