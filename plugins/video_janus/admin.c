/* The Janus admin API over libcurl: one POST per request, no session.
 * Short timeouts (connect 1 s, whole request 3 s) so that a Janus that is
 * down costs a page at most that long and gives VV_UNAVAILABLE. The
 * request body carries the admin secret: it is wiped after sending and
 * never logged; curl's verbose mode stays off. */
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include "video_janus.h"

#define ADMIN_MAX_REPLY (1024 * 1024)

static CURL *curl;                 /* per worker: keeps the connection alive */
static struct curl_slist *headers;

struct reply {
	char *data;
	size_t len;
	bool overflow;
};

static size_t reply_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct reply *rp = userdata;
	size_t n = size * nmemb;
	if (rp->len + n > ADMIN_MAX_REPLY) {
		rp->overflow = true;
		return 0;
	}
	char *p = realloc(rp->data, rp->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + rp->len, ptr, n);
	rp->data = p;
	rp->len += n;
	rp->data[rp->len] = '\0';
	return n;
}

int vv_video_janus_admin_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return VV_ERR;
	headers = curl_slist_append(NULL, "Content-Type: application/json");
	return headers ? 0 : VV_ERR;
}

void vv_video_janus_admin_fini(void)
{
	if (curl)
		curl_easy_cleanup(curl);
	curl = NULL;
	curl_slist_free_all(headers);
	headers = NULL;
	curl_global_cleanup();
}

static const char *nonull(const char *s)
{
	return s ? s : "";
}

/* Overwrites a secret string member of o in place before o is released. */
static void wipe_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v) && json_string_length(v))
		OPENSSL_cleanse((char *)json_string_value(v), json_string_length(v));
}

static void json_release(void *j)
{
	json_decref(j);
}

/* POSTs body to url; returns the parsed reply (caller's reference) or NULL
 * with the reason logged (unless quiet). */
static json_t *admin_post(const char *url, const char *body, const char *what, const char *room_id,
			  bool quiet)
{
	if (!curl && !(curl = curl_easy_init())) {
		vv_error("video_janus: %s %s: curl_easy_init failed", what, room_id);
		return NULL;
	}
	curl_easy_reset(curl);
	struct reply rp = {0};
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, reply_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &rp);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 3000L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(curl);
	long status = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	json_t *root = NULL;
	if (rc != CURLE_OK) {
		if (!quiet)
			vv_error("video_janus: %s %s: %s", what, room_id,
			 rp.overflow ? "reply too large" : curl_easy_strerror(rc));
		goto out;
	}
	if (status != 200) {
		if (!quiet)
			vv_error("video_janus: %s %s: admin API answered HTTP %ld", what, room_id, status);
		goto out;
	}
	json_error_t jerr;
	root = json_loadb(rp.data ? rp.data : "", rp.len, 0, &jerr);
	if (!json_is_object(root)) {
		vv_error("video_janus: %s %s: admin API reply is not a JSON object", what, room_id);
		json_decref(root);
		root = NULL;
	}
out:
	free(rp.data);
	return root;
}

int vv_video_janus_admin(vv_arena_t *a, const char *what, const char *room_id,
			 json_t *request, json_t **resp)
{
	*resp = NULL;
	int ret = VV_UNAVAILABLE;
	char *body = NULL;
	json_t *root = NULL, *msg = NULL;
	const struct vv_video_janus_secrets *s = vv_video_janus_secrets();
	if (!request) {
		ret = VV_ERR;
		goto out;
	}
	if (!s)
		goto out;
	/* the server the room is placed on (servers.c; ensure_room places it) */
	const struct vv_video_janus_server *srv = vv_video_janus_room_server(a, room_id, false);
	if (!srv)
		goto out;
	const char *url = srv->admin_url;
	msg = json_pack("{s:s, s:s, s:s, s:s, s:O}", "janus", "message_plugin",
			"transaction", what, "admin_secret", s->admin_secret,
			"plugin", "janus.plugin.videoroom", "request", request);
	body = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
	if (!body) {
		ret = VV_ERR;
		goto out;
	}
	root = admin_post(url, body, what, room_id, false);
	if (!root)
		goto out;
	const char *kind = json_string_value(json_object_get(root, "janus"));
	json_t *r = json_object_get(root, "response");
	if (!kind || strcmp(kind, "success") != 0 || !json_is_object(r)) {
		json_t *err = json_object_get(root, "error");
		vv_error("video_janus: %s %s: admin API refused: %lld %s", what, room_id,
			 (long long)json_integer_value(json_object_get(err, "code")),
			 nonull(json_string_value(json_object_get(err, "reason"))));
		ret = VV_ERR;
		goto out;
	}
	if (vv_arena_cleanup(a, json_release, root) != 0) {
		root = NULL; /* released by the failed cleanup registration */
		ret = VV_ERR;
		goto out;
	}
	*resp = r;
	root = NULL;
	ret = 0;
out:
	if (body) {
		OPENSSL_cleanse(body, strlen(body));
		free(body);
	}
	/* jansson keeps its own copies of the secrets: overwrite before release */
	wipe_member(msg, "admin_secret");
	wipe_member(request, "admin_key");
	wipe_member(request, "secret");
	json_decref(msg);
	json_decref(request);
	json_decref(root);
	return ret;
}

int vv_video_janus_error(json_t *resp, const char *what, const char *room_id, const int *quiet)
{
	int code = (int)json_integer_value(json_object_get(resp, "error_code"));
	if (code == 0)
		return 0;
	for (const int *q = quiet; q && *q; q++)
		if (*q == code)
			return code;
	vv_error("video_janus: %s %s: VideoRoom error %d %s", what, room_id, code,
		 nonull(json_string_value(json_object_get(resp, "error"))));
	return code;
}

int vv_video_janus_admin_core(vv_arena_t *a, const char *base, const char *what, const char *path,
			      json_t *extra, json_t **resp)
{
	*resp = NULL;
	int ret = VV_UNAVAILABLE;
	char *body = NULL;
	json_t *msg = NULL, *root = NULL;
	const struct vv_video_janus_secrets *s = vv_video_janus_secrets();
	if (!s)
		goto out;
	const char *url = vv_sprintf(a, "%s%s", base, path ? path : "");
	msg = json_pack("{s:s, s:s, s:s}", "janus", what, "transaction", what,
			"admin_secret", s->admin_secret);
	if (!msg || !url || (extra && json_object_update(msg, extra) != 0)) {
		ret = VV_ERR;
		goto out;
	}
	body = json_dumps(msg, JSON_COMPACT);
	if (!body) {
		ret = VV_ERR;
		goto out;
	}
	root = admin_post(url, body, what, path ? path : "", false);
	if (!root)
		goto out;
	if (vv_arena_cleanup(a, json_release, root) != 0) {
		root = NULL;
		ret = VV_ERR;
		goto out;
	}
	*resp = root;
	root = NULL;
	ret = 0;
out:
	if (body) {
		OPENSSL_cleanse(body, strlen(body));
		free(body);
	}
	wipe_member(msg, "admin_secret");
	json_decref(msg);
	json_decref(extra);
	json_decref(root);
	return ret;
}

bool vv_video_janus_ping(vv_arena_t *a, const char *base)
{
	const struct vv_video_janus_secrets *s = vv_video_janus_secrets();
	if (!s)
		return false;
	json_t *msg = json_pack("{s:s, s:s, s:s}", "janus", "ping", "transaction", "ping",
				"admin_secret", s->admin_secret);
	char *body = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
	wipe_member(msg, "admin_secret");
	json_decref(msg);
	if (!body)
		return false;
	json_t *root = admin_post(base, body, "ping", "", true);
	OPENSSL_cleanse(body, strlen(body));
	free(body);
	(void)a;
	const char *kind = json_string_value(json_object_get(root, "janus"));
	bool up = kind && strcmp(kind, "pong") == 0;
	json_decref(root);
	return up;
}
