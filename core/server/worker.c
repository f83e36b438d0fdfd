/* A worker: one FastCGI request at a time, from accept to the log line.
 * Everything a request allocates comes from one arena reset after the
 * response, so a worker's memory stays flat however long it runs. */
#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <fcgiapp.h>
#include "core.h"

/* SIGTERM only sets a flag. It is blocked except while the worker waits
 * for a connection in ppoll(), so it can neither cut a request in flight
 * short (libfcgi does not retry reads interrupted by a signal) nor be lost
 * between the check and the wait. */
static void on_term(int sig)
{
	(void)sig;
	vv_stop_note(); /* what vv_stopping() reports */
}

/* Waits for the next connection and accepts it; -1 when told to stop.
 * We accept ourselves rather than in FCGX_Accept_r so that the wait is
 * interruptible while reading the request is not: libfcgi takes an
 * accepted descriptor as a kept-alive connection and reads the request
 * from it. The listening socket is non-blocking: when another worker wins
 * the race for a connection, accept says EAGAIN and we wait again. */
static int next_connection(int listen_fd, const sigset_t *waitmask)
{
	while (!vv_stopping()) {
		struct pollfd p = {.fd = listen_fd, .events = POLLIN};
		int n = ppoll(&p, 1, NULL, waitmask);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			vv_error("worker: poll on the FastCGI socket failed: %s", strerror(errno));
			return -1;
		}
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			return fd;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
		    errno != ECONNABORTED && errno != EPROTO) {
			vv_error("worker: accept failed: %s", strerror(errno));
			return -1;
		}
	}
	return -1;
}

static struct vv_limits limits;

/* Phases of one request, in microseconds, for the log line and bench. */
struct timing {
	struct timespec t0;
	long parse, route, build, render, write;
};

static long us_since(struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long us = (now.tv_sec - t->tv_sec) * 1000000L + (now.tv_nsec - t->tv_nsec) / 1000;
	*t = now;
	return us;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Status";
	}
}

/* Turns a handler's negative VV_ code into an HTTP status. */
static int status_of(int rc)
{
	if (rc >= 100 && rc < 600)
		return rc;
	switch (rc) {
	case VV_NOTFOUND: return 404;
	case VV_FORBIDDEN: return 403;
	case VV_INVALID: return 400;
	case VV_CONFLICT: return 409;
	case VV_UNAVAILABLE: return 503;
	default: return 500;
	}
}

/* Reads the request's stdin up to the end-of-stream record. nginx writes
 * the whole request before it reads the answer: closing the connection
 * while a part of it (a large body, or just the closing empty record) is
 * still on its way makes nginx fail the write and answer 502 instead of
 * our response. libfcgi's close would wait for this; our detached close
 * does not, so it is done here. */
static void drain_stdin(FCGX_Request *fr)
{
	char sink[16384];
	while (FCGX_GetStr(sink, (int)sizeof(sink), fr->in) > 0)
		;
}

static int read_body(vv_req_t *r, FCGX_Request *fr, const char **body, size_t *len)
{
	*body = NULL;
	*len = 0;
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	if (!cl || !*cl)
		return 0;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(cl, &end, 10);
	if (errno || *end || cl[0] == '-')
		return 400;
	if (n > limits.max_body) {
		/* Read and drop it: nginx has buffered the whole body and writes it
		 * all; closing on it unread would turn our 413 into nginx's 502. */
		drain_stdin(fr);
		return 413;
	}
	char *buf = vv_alloc(r->arena, (size_t)n + 1);
	size_t got = 0;
	while (got < n) {
		int k = FCGX_GetStr(buf + got, (int)(n - got > 65536 ? 65536 : n - got), fr->in);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	if (got != n)
		return 400;
	drain_stdin(fr);
	buf[got] = '\0';
	*body = buf;
	*len = got;
	return 0;
}

/* Parses, routes, checks role and CSRF, and runs the handler. Returns the
 * status; the body is in r->body or (for pages) left to render(). For a
 * JSON route (VV_ROUTE_JSON) *json_error is set: "" or, for a failed CSRF
 * check, "error.csrf"; NULL otherwise. */
static int dispatch(vv_req_t *r, FCGX_Request *fr, struct timing *tm, bool *render_page,
		    const char **json_error)
{
	*render_page = false;
	*json_error = NULL;
	const char *uri = FCGX_GetParam("REQUEST_URI", fr->envp);
	/* nginx refused this request itself and only wants the page for it,
	 * in the language the URI asked for if it can be told. */
	const char *nginx_error = FCGX_GetParam("VV_ERROR", fr->envp);
	if (nginx_error) {
		int st = atoi(nginx_error);
		for (const char *const *l = (const char *const[]){"fi", "sv", "en", NULL}; *l; l++)
			if (uri && uri[0] == '/' && strncmp(uri + 1, *l, 2) == 0 &&
			    (uri[3] == '/' || uri[3] == '\0'))
				r->lang = *l;
		return st >= 400 && st < 600 ? st : 400;
	}
	if (vv_parse_uri(r, uri ? uri : "/", &limits) != 0)
		return 400;
	if (strcmp(r->path, "/") == 0)
		return vv_resp_redirect(r, 302, "/fi/");
	if (r->has_lang && strlen(r->path) == 3) /* "/fi" */
		return vv_resp_redirect(r, 301, vv_sprintf(r->arena, "%s/", r->path));

	const char *method = r->method;
	bool is_post = strcmp(method, "POST") == 0;
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	else if (!is_post && strcmp(method, "GET") != 0)
		return 405;

	if (is_post) {
		const char *body;
		size_t len;
		int st = read_body(r, fr, &body, &len);
		if (st)
			return st;
		if (vv_parse_body(r, FCGX_GetParam("CONTENT_TYPE", fr->envp), body, len, &limits))
			return 400;
	}
	const char *cookie = FCGX_GetParam("HTTP_COOKIE", fr->envp);
	if (cookie && vv_parse_cookies(r, cookie) != 0)
		return 400;
	tm->parse = us_since(&tm->t0);

	const struct vv_route *other;
	const struct vv_route *rt = vv_plugins_route(r, method, r->has_lang ? r->subpath : r->path,
						     r->has_lang, &other);
	tm->route = us_since(&tm->t0);
	if (!rt) {
		/* The error page's header shows who is signed in (issue #17: a
		 * signed-in user got the signed-out header on a 404). Only for
		 * reads of a page address; a failure leaves the visitor anonymous. */
		if (!is_post && r->has_lang && !other)
			(void)vv_session_load(r);
		if (other && (other->flags & VV_ROUTE_JSON))
			*json_error = "";
		return other ? 405 : 404;
	}
	r->route = rt;
	if (rt->flags & VV_ROUTE_JSON)
		*json_error = "";

	/* A route that proves the session itself (the alarm poll) is only
	 * trusted with reads: on a POST the flag is ignored. */
	if (is_post || !(rt->flags & VV_ROUTE_OWN_SESSION)) {
		int rc = vv_session_require(r);
		if (rc != VV_OK)
			return status_of(rc);
		if (is_post && !(rt->flags & VV_ROUTE_NOCSRF) && !vv_session_csrf_ok(r)) {
			if (*json_error)
				*json_error = "error.csrf";
			return 403;
		}
	}

	int rc2 = rt->handler(r);
	int st = status_of(rc2);
	tm->build = us_since(&tm->t0);
	/* A page the handler built is rendered with its stylesheet, also for
	 * a 4xx status it chose (a form re-shown with messages). A negative
	 * VV_ code always gets the core's error page, whatever the handler
	 * had put into the document before it failed. */
	if (!r->body && rt->stylesheet && rc2 >= 0 &&
	    (st < 300 || (st >= 400 && st < 500 && r->doc)))
		*render_page = true;
	return st;
}

static void write_response(vv_req_t *r, FCGX_Request *fr, int status, const char *body, size_t len,
			   const char *ctype)
{
	FCGX_Stream *out = fr->out;
	FCGX_FPrintF(out, "Status: %d %s\r\n", status, reason(status));
	if (body)
		FCGX_FPrintF(out, "Content-Type: %s\r\nContent-Length: %lu\r\n", ctype,
			     (unsigned long)len);
	/* Pages are per user and per moment: never cached by the browser or a proxy. */
	FCGX_PutS("Cache-Control: no-store\r\n"
		  "X-Content-Type-Options: nosniff\r\n"
		  "Referrer-Policy: same-origin\r\n"
		  "X-Frame-Options: DENY\r\n", out);
	/* Everything comes from our own origin: no inline script or style, no
	 * plugins; the one foreign frame is YouTube's privacy-enhanced player
	 * (R-RE-4). Escaping in XSLT is the first defence, this the second. */
	if (ctype && strncmp(ctype, "text/html", 9) == 0)
		FCGX_PutS("Content-Security-Policy: default-src 'self'; script-src 'self'; "
			  "style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
			  "connect-src 'self'; frame-src https://www.youtube-nocookie.com; "
			  "object-src 'none'; base-uri 'none'; form-action 'self'; "
			  "frame-ancestors 'none'\r\n", out);
	for (size_t i = 0; i < r->resp_headers.n; i++)
		FCGX_FPrintF(out, "%s: %s\r\n", r->resp_headers.v[i].name,
			     r->resp_headers.v[i].value);
	FCGX_PutS("\r\n", out);
	if (body && len && strcmp(r->method, "HEAD") != 0)
		FCGX_PutStr(body, (int)len, out);
}

/* True for a segment that may be a secret token: 32 or more URL-safe
 * base64 characters and not a UUID (those are ids, useful in a log). */
static bool token_like(const char *s, size_t n)
{
	if (n < 32)
		return false;
	size_t dashes = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
		dashes += c == '-';
	}
	bool uuid = n == 36 && dashes == 4 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-';
	return !uuid;
}

/* The path as logged: raw (so a decoded newline cannot forge a line),
 * without the query, and with anything that looks like a token (login,
 * join and guest links) masked, whether or not a route matched: secrets
 * never reach a log. */
static const char *log_path(vv_req_t *r, const char *uri)
{
	if (!uri)
		return "-";
	const char *q = strchr(uri, '?');
	char *p = vv_strndup(r->arena, uri, q ? (size_t)(q - uri) : strlen(uri));
	if (strlen(p) > 200)
		p[200] = '\0';
	for (char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	for (char *seg = p; *seg;) {
		size_t n = strcspn(seg, "/");
		if (token_like(seg, n))
			memset(seg, '*', n);
		seg += n;
		if (*seg == '/')
			seg++;
	}
	return p;
}

/* The error of a JSON route (VV_ROUTE_JSON): one shape whatever failed,
 * so that a script reads status and error, never an HTML page. error is
 * a catalogue key (the error page's title), as the plugins' own JSON
 * errors are: a page lists the texts its script may have to show. */
static const char *json_error_body(vv_req_t *r, int status, const char *why)
{
	const char *e = why && *why ? why
		: status == 400 ? "error.400.title"
		: status == 403 ? "error.403.title"
		: status == 404 ? "error.404.title"
		: status == 405 ? "error.405.title"
		: status == 413 ? "error.413.title"
		: status == 503 ? "error.503.title"
		: status >= 500 ? "error.500.title"
		: "error.title";
	return vv_sprintf(r->arena, "{\"ok\":false,\"status\":%d,\"error\":\"%s\"}", status, e);
}

static void serve(FCGX_Request *fr, vv_arena_t *arena)
{
	struct timing tm = {0};
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	tm.t0 = start;

	vv_req_t r;
	vv_req_init(&r, arena);
	r.method = FCGX_GetParam("REQUEST_METHOD", fr->envp);
	if (!r.method)
		r.method = "GET";
	/* Copied: the FastCGI environment is gone once the request is finished. */
	const char *raw_uri = vv_strdup(arena, FCGX_GetParam("REQUEST_URI", fr->envp));
	r.method = vv_strdup(arena, r.method);
	r.addr = vv_strdup(arena, FCGX_GetParam("REMOTE_ADDR", fr->envp));
	if (!r.addr)
		r.addr = "";
	r.https = vv_strdup(arena, FCGX_GetParam("HTTPS", fr->envp));
	for (char **e = fr->envp; *e; e++) {
		if (strncmp(*e, "HTTP_", 5) != 0 && strncmp(*e, "CONTENT_", 8) != 0)
			continue;
		const char *eq = strchr(*e, '=');
		if (eq)
			vv_kv_add(arena, &r.headers, vv_strndup(arena, *e, (size_t)(eq - *e)), eq + 1,
				  strlen(eq + 1));
	}

	bool render_page;
	const char *json_error;
	int status = dispatch(&r, fr, &tm, &render_page, &json_error);
	const char *body = r.body;
	size_t len = r.body_len;
	const char *ctype = r.content_type ? r.content_type : "text/html; charset=utf-8";

	if (render_page) {
		if (vv_render_page(&r, r.route->stylesheet, &body, &len) != 0) {
			status = 500;
			render_page = false;
			body = NULL;
		}
		ctype = "text/html; charset=utf-8";
	}
	if (!body && status >= 400) {
		if (status == 503)
			vv_resp_header(&r, "Retry-After", "5");
		if (status == 405)
			vv_resp_header(&r, "Allow", "GET, HEAD, POST");
		if (json_error) {
			body = json_error_body(&r, status, json_error);
			len = strlen(body);
			ctype = "application/json";
		} else {
			vv_render_error(&r, status, &body, &len);
			ctype = "text/html; charset=utf-8";
		}
	}
	tm.render = us_since(&tm.t0);
	drain_stdin(fr); /* a no-op when the body was read; see drain_stdin */
	write_response(&r, fr, status, body, len, ctype);
	/* Detached, libfcgi closes the connection at once instead of shutting
	 * down and waiting for nginx to close first (a select and a context
	 * switch per request); the wait only guards against a TCP reset, and
	 * nginx has read the whole response by the time it sees FCGI_END_REQUEST. */
	FCGX_Detach(fr);
	FCGX_Finish_r(fr);
	tm.write = us_since(&tm.t0);

	long total = us_since(&start);
	vv_metrics_request(status, total);
	vv_metrics_route(r.route ? r.route->method : r.method, r.route ? r.route->pattern : NULL, status,
			 total);
	vv_info("%s %s %d %ldus parse=%ld route=%ld build=%ld render=%ld write=%ld", r.method,
		log_path(&r, raw_uri), status, total, tm.parse,
		tm.route, tm.build, tm.render, tm.write);
}

int vv_worker_run(int listen_fd, int slot)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL); /* Ctrl-C reaches the master, which stops us gracefully */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigset_t blocked, waitmask;
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigprocmask(SIG_SETMASK, &blocked, NULL);
	sigemptyset(&waitmask);
	int fl = fcntl(listen_fd, F_GETFL);
	if (fl < 0 || fcntl(listen_fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		vv_error("worker: cannot make the FastCGI socket non-blocking: %s", strerror(errno));
		return 1;
	}

	/* Every request allocates and frees the same few hundred KB (libxml2
	 * and libxslt use malloc, not our arena): keep that memory instead of
	 * trimming it back to the kernel after each request. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	limits.max_body = (size_t)vv_conf_int("limits", "max_body", 1 << 20);
	limits.max_fields = (size_t)vv_conf_int("limits", "max_fields", 200);
	limits.max_field_len = (size_t)vv_conf_int("limits", "max_field_len", 8192);
	limits.max_file_len = (size_t)vv_conf_int("limits", "max_file_len", 1 << 20);

	/* Plugins first: their menu items and page-wide parts are compiled
	 * into every page stylesheet (render/frame.c). */
	vv_db_init();
	vv_plugins_load(vv_conf_get("paths", "plugin_dir", "build/plugins"),
			vv_conf_get("plugins", "load", "home"), slot == 0);
	if (vv_render_init(vv_conf_get("paths", "xsl_dir", "xsl")) != 0) {
		vv_error("worker: cannot load stylesheets and catalogues");
		return 1;
	}

	FCGX_Request fr;
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, listen_fd, 0) != 0) {
		vv_error("worker: FastCGI initialisation failed");
		return 1;
	}
	vv_arena_t *arena = vv_arena_create();
	if (!arena)
		return 1;
	vv_metrics_worker_ready(); /* the master's READY=1 (notify.c) */
	for (;;) {
		int fd = next_connection(listen_fd, &waitmask);
		if (fd < 0)
			break;
		fr.ipcFd = fd;
		fr.keepConnection = 1; /* so that FCGX_Accept_r reads from fd instead of closing it */
		if (FCGX_Accept_r(&fr) < 0) {
			/* A connection that did not carry a request; libfcgi closed it. */
			continue;
		}
		serve(&fr, arena);
		vv_arena_reset(arena);
	}
	vv_arena_destroy(arena);
	FCGX_Free(&fr, 0);
	vv_plugins_unload();
	vv_db_fini();
	vv_render_fini();
	return 0;
}
