/* The adapter's part of /healthz: each Janus server answers its admin API
 * (an "info" request to its admin URL, [video] servers or admin_url),
 * and the TURN server of [video] turn_urls accepts a TCP connection. Short
 * timeouts: a monitor asks often, and a health check that hangs is as bad
 * as a failed one. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <curl/curl.h>
#include "video_janus.h"

struct body {
	char buf[4096];
	size_t len;
};

static size_t body_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct body *b = userdata;
	size_t n = size * nmemb, room = sizeof(b->buf) - 1 - b->len;
	memcpy(b->buf + b->len, ptr, n < room ? n : room);
	b->len += n < room ? n : room;
	return n;
}

/* NULL when the Janus admin API at url answers "server_info", else why not. */
static const char *janus_answers(vv_arena_t *a, const char *url)
{
	CURL *c = curl_easy_init();
	if (!c)
		return "janus: curl_easy_init failed";
	static const char req[] = "{\"janus\":\"info\",\"transaction\":\"vvhome-health\"}";
	struct body b = {.len = 0};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, req);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)(sizeof(req) - 1));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, body_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	b.buf[b.len] = '\0';
	if (rc != CURLE_OK)
		return vv_sprintf(a, "janus: the admin API at %s does not answer (%s)", url,
				  curl_easy_strerror(rc));
	if (status != 200 || !strstr(b.buf, "\"server_info\""))
		return vv_sprintf(a, "janus: the admin API at %s answered HTTP %ld without server_info", url,
				  status);
	return NULL;
}

/* The host and port of the first turn: or turns: URL of [video] turn_urls
 * ("turn:HOST:PORT?transport=tcp"); false when there is none. */
static bool first_turn(vv_arena_t *a, char **host, char **port)
{
	const char *urls = vv_conf_get("video", "turn_urls", NULL);
	if (!urls)
		return false;
	for (const char *p = urls; *p;) {
		p += strspn(p, " \t");
		size_t n = strcspn(p, " \t");
		const char *u = p;
		p += n;
		size_t skip = strncmp(u, "turns:", 6) == 0 ? 6 : strncmp(u, "turn:", 5) == 0 ? 5 : 0;
		if (!skip)
			continue;
		char *hp = vv_strndup(a, u + skip, n - skip);
		hp[strcspn(hp, "?")] = '\0';
		char *colon = hp[0] == '[' ? strstr(hp, "]:") : strrchr(hp, ':');
		if (hp[0] == '[') {
			*host = vv_strndup(a, hp + 1, colon ? (size_t)(colon - hp - 1) : strlen(hp + 1) - 1);
			*port = vv_strdup(a, colon ? colon + 2 : (skip == 6 ? "5349" : "3478"));
		} else {
			*host = colon ? vv_strndup(a, hp, (size_t)(colon - hp)) : hp;
			*port = vv_strdup(a, colon ? colon + 1 : (skip == 6 ? "5349" : "3478"));
		}
		return true;
	}
	return false;
}

/* NULL when the TURN server takes a TCP connection within a second. */
static const char *turn_answers(vv_arena_t *a)
{
	char *host, *port;
	if (!first_turn(a, &host, &port))
		return NULL; /* no TURN configured: nothing to check */
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
	if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
		return vv_sprintf(a, "turn: %s:%s does not resolve", host, port);
	bool ok = false;
	for (struct addrinfo *ai = res; ai && !ok; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			ok = true;
		} else if (errno == EINPROGRESS) {
			struct pollfd pf = {.fd = fd, .events = POLLOUT};
			int err = 0;
			socklen_t el = sizeof(err);
			ok = poll(&pf, 1, 1000) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 &&
			     err == 0;
		}
		close(fd);
	}
	freeaddrinfo(res);
	return ok ? NULL : vv_sprintf(a, "turn: nothing answers on %s port %s (TCP)", host, port);
}

int vv_video_janus_health(vv_req_t *r, const char **why)
{
	vv_arena_t *a = vv_req_arena(r);
	/* every Janus server of [video] servers (servers.c), each named */
	const char *j = NULL;
	size_t n = 0;
	const struct vv_video_janus_server *srv = vv_video_janus_servers(a, &n);
	for (size_t i = 0; i < n; i++) {
		const char *w = janus_answers(a, srv[i].admin_url);
		if (w)
			j = j ? vv_sprintf(a, "%s\n%s (server %s)", j, w, srv[i].name)
			      : vv_sprintf(a, "%s (server %s)", w, srv[i].name);
	}
	if (!srv)
		j = janus_answers(a, vv_conf_get("video", "admin_url", "http://127.0.0.1:7088/admin"));
	const char *t = turn_answers(a);
	if (!j && !t) {
		*why = NULL;
		return 0;
	}
	*why = j && t ? vv_sprintf(a, "%s\n%s", j, t) : j ? j : t;
	return VV_UNAVAILABLE;
}
