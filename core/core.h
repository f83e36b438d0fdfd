/* Internal core declarations: shared by the core's own files and the unit
 * tests, never installed. Plugins see only include/vv/. */
#ifndef VV_CORE_H
#define VV_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <libxml/tree.h>
#include "vv/vv.h"

#define VV_STR_(x) #x
#define VV_STR(x) VV_STR_(x)

/* One name/value pair: a query or form field, cookie, header or route
 * argument. For multipart file parts filename and ctype are set and value
 * holds len raw bytes (NUL-terminated for convenience). */
struct vv_kv {
	const char *name;
	const char *value;
	size_t len;
	const char *filename;
	const char *ctype;
};

struct vv_kvlist {
	struct vv_kv *v;
	size_t n, cap;
};

/* Appends to an arena-backed list; returns 0 or VV_ERR. */
int vv_kv_add(vv_arena_t *a, struct vv_kvlist *l, const char *name, const char *value, size_t len);
/* First entry named name, or NULL. */
const struct vv_kv *vv_kv_find(const struct vv_kvlist *l, const char *name);

/* Limits on what a request may carry (conf [limits]). */
struct vv_limits {
	size_t max_body;      /* bytes of request body (413 beyond) */
	size_t max_fields;    /* query + form fields together */
	size_t max_field_len; /* bytes of one decoded value (files excepted) */
	size_t max_file_len;  /* bytes of one uploaded file */
};

struct vv_route;

struct vv_req {
	vv_arena_t *arena;
	const char *method;       /* as sent; HEAD kept as "HEAD" */
	const char *path;         /* decoded */
	const char *subpath;      /* after the language prefix */
	const char *lang;         /* "fi" | "sv" | "en" */
	bool has_lang;            /* path began with /fi, /sv or /en */
	const char *query_string; /* raw */
	const char *addr;
	const char *https;        /* nginx's $https ("on" over TLS), or NULL */
	struct vv_kvlist query, form, cookies, headers, args;
	size_t nfields;           /* query + form fields, for the limit */

	/* identity: filled by the session layer */
	unsigned role;
	int64_t user_id, tenant_id;
	const char *user_name;
	const char *user_email;
	const char *user_language; /* device language (customers), else NULL */
	const char *tz;           /* tenant time zone, e.g. "Europe/Helsinki" */
	const char *tenant_language;
	const char *csrf;         /* token expected on state-changing requests */
	int64_t session_id;       /* 0 when anonymous */
	int64_t session_ends;     /* epoch s: the earlier of idle and absolute expiry, as loaded */
	const char *changes;      /* vv_req_changes: read with the session, NULL when anonymous */
	struct vv_contract *contract; /* cached by vv_contract_get */
	struct vv_policy *policy;     /* cached by vv_policy_get */

	/* response */
	int status;
	struct vv_kvlist resp_headers;
	const char *body;         /* raw body set by vv_resp_body, else NULL */
	size_t body_len;
	const char *content_type;

	/* page document, created by vv_page() */
	xmlDocPtr doc;
	xmlNodePtr page;
	xmlNodePtr errors;        /* <errors> under page, created on first vv_form_error */
	int nerrors;

	const struct vv_route *route;
};

/* --- request parsing (req_parse.c); each returns 0 or VV_INVALID --- */

/* True when s[0..len) is well-formed UTF-8 without NUL bytes or overlong forms. */
bool vv_utf8_valid(const char *s, size_t len);
/* Percent-decodes s[0..len) into arena memory ('+' means space only when
 * plus_is_space). Rejects bad escapes, %00 and invalid UTF-8. */
int vv_url_decode(vv_arena_t *a, const char *s, size_t len, bool plus_is_space,
		  char **out, size_t *outlen);
/* Sets path, query_string, lang, has_lang, subpath and query from the
 * request URI (e.g. "/fi/events?x=1"). */
int vv_parse_uri(vv_req_t *r, const char *uri, const struct vv_limits *lim);
/* Parses an application/x-www-form-urlencoded string into l. */
int vv_parse_urlencoded(vv_req_t *r, const char *s, size_t len, struct vv_kvlist *l,
			const struct vv_limits *lim);
/* Parses a multipart/form-data body; ctype is the whole Content-Type value. */
int vv_parse_multipart(vv_req_t *r, const char *ctype, const char *body, size_t len,
		       const struct vv_limits *lim);
/* Parses a body by its content type into r->form (unknown types are ignored). */
int vv_parse_body(vv_req_t *r, const char *ctype, const char *body, size_t len,
		  const struct vv_limits *lim);
/* Parses a Cookie header into r->cookies (malformed pairs are skipped). */
int vv_parse_cookies(vv_req_t *r, const char *header);

/* Initialises a request whose memory comes from a (the arena is not owned). */
void vv_req_init(vv_req_t *r, vv_arena_t *a);

/* --- configuration (conf.c) --- */
/* Loads an INI file, replacing what was loaded before. 0 or VV_ERR (logged). */
int vv_conf_load(const char *path);
/* The same from an open stream (not closed here); path names it in the
 * messages and in vv_conf_path. Separate so that the fuzz target can feed
 * it memory (tests/fuzz/fuzz_conf.c). */
int vv_conf_load_stream(FILE *f, const char *path);
/* Sets a value (command-line overrides, tests). */
void vv_conf_set(const char *section, const char *key, const char *value);
void vv_conf_free(void);
/* The file last loaded ("" before any). */
const char *vv_conf_path(void);
/* 1 for on/yes/true/1, 0 for off/no/false/0 (any case), -1 for anything else. */
int vv_conf_parse_bool(const char *v);
/* Calls fn for every entry, in file order, with the line it came from. */
void vv_conf_each(void (*fn)(const char *section, const char *key, const char *value, int line,
			     void *arg),
		  void *arg);

/* --- counters for /metrics (metrics.c) --- */
enum vv_metric {
	VV_M_WORKER_RESTARTS,
	VV_M_DB_ERRORS,
	VV_M_DB_RETRIES,
	VV_M_RCACHE_HITS,
	VV_M_RCACHE_MISSES,
	VV_M_XSL_FAILURES,
	VV_M_COUNT
};
/* The master, before it forks: the counters become shared by its children. */
void vv_metrics_init(void);
void vv_metrics_count(enum vv_metric which);
/* One request answered with status after us microseconds. */
void vv_metrics_request(int status, long us);
/* The master: how many request workers are alive. */
void vv_metrics_workers(int alive);
/* A request worker has loaded plugins and stylesheets and waits for
 * requests; the master reads how many did since it last reset the count
 * (a new generation after SIGHUP). */
void vv_metrics_worker_ready(void);
int vv_metrics_ready_count(void);
void vv_metrics_ready_reset(void);
/* Request duration buckets in seconds (Prometheus's defaults, upper bounds). */
#define VV_METRICS_NBUCKETS 11
extern const double vv_metrics_le[VV_METRICS_NBUCKETS];
/* Per route pattern (metrics_route.c): the master maps the table before it
 * forks; one request of method on pattern (NULL: no route matched). */
void vv_metrics_route_init(void);
void vv_metrics_route(const char *method, const char *pattern, int status, long us);
/* The per-route series in the Prometheus text format, in a's memory. */
char *vv_metrics_route_text(vv_arena_t *a);
/* The ticker: a round of ticks begins (true) or ends (false), for
 * /healthz's "is the ticker late" and /metrics. */
void vv_metrics_tick(bool begins);

/* --- the service manager's readiness protocol (notify.c) --- */
/* Sends msg ("READY=1", "STOPPING=1", ...) to $NOTIFY_SOCKET when it is
 * set (Type=notify under systemd); 0 also when it is not set. */
int vv_notify(const char *msg);
/* Half of $WATCHDOG_USEC in ms when a watchdog is asked of this process, else 0. */
long vv_notify_watchdog_ms(void);

/* --- configuration check (check.c, conf_keys.c) --- */
/* The keys the core reads, ending with an all-zero entry (conf_keys.c). */
extern const struct vv_conf_key vv_core_conf_keys[];
/* Checks the loaded configuration: every section and key known (the
 * core's and the plugins' in plugin_dir), every value of its type, the
 * folders there and every stylesheet compiling. With full, the plugins of
 * [plugins] load must load and the database must answer. Prints one line
 * per problem on stderr (FILE:LINE: ...); returns the number of problems. */
int vv_conf_check(bool full);
/* The check before serving: runs vv_conf_check(false) on path in a child
 * process (so that the master never loads a plugin or a stylesheet) and
 * returns 0 when it passed. */
int vv_conf_check_forked(const char *path);
/* The start's schema check, in a child (the master keeps no database
 * connection): VV_ERR when the database was migrated by a newer vvhome or
 * is not migrated to this one (logged, with what to run); 0 also when the
 * database does not answer (a start does not wait for it). */
int vv_schema_check_forked(void);
/* --check: the full check, then "FILE: ok" on stdout or the count of
 * problems on stderr; the exit status (0 or 1). */
int vv_conf_check_report(void);

/* --- logging (log.c) --- */
void vv_log_set_level(enum vv_log_level level);
/* Call in a forked child so that its lines carry its own pid. */
void vv_log_forked(void);

/* --- rendering (render.c, i18n.c, page.c) --- */
/* Per worker: loads catalogues from xsl_dir/i18n and registers the XSLT
 * extension functions. Stylesheets are compiled lazily, once each. */
int vv_render_init(const char *xsl_dir);
void vv_render_fini(void);
/* Adds the common parts under <page><ctx/> and transforms the request's
 * page document with stylesheet. *out is arena memory. 0 or VV_ERR. */
int vv_render_page(vv_req_t *r, const char *stylesheet, const char **out, size_t *len);
/* Renders the localized error page for status (400, 403, 404, 500, 503...).
 * Never fails: falls back to a plain text body. */
void vv_render_error(vv_req_t *r, int status, const char **out, size_t *len);
/* Writes a transform's result as HTML5 text into arena memory (htmlout.c). */
int vv_html_serialize(vv_arena_t *a, xmlDocPtr doc, const char **out, size_t *len);
/* Catalogue lookup: the text for key in lang, or NULL. */
const char *vv_i18n_get(const char *lang, const char *key);
/* Formats t (UTC seconds) in zone tz for lang: fi "27.11.2026 klo 12.30",
 * sv "27.11.2026 kl. 12.30", en "27 Nov 2026, 12:30". style "date" or
 * "time" gives only that part. Writes into buf; returns 0 or VV_INVALID. */
int vv_format_datetime(char *buf, size_t size, int64_t t, const char *tz,
		       const char *lang, const char *style);

/* --- database (db.c) --- */
/* Reads [db] from the configuration; connects lazily on first use. */
int vv_db_init(void);
void vv_db_fini(void);

/* --- router (router.c) --- */
/* Matches a pattern against a path, filling r->args. 1 on match. */
int vv_route_match(vv_req_t *r, const char *pattern, const char *path);
/* True when a route pattern is well-formed (checked at plugin load). */
bool vv_route_pattern_valid(const char *pattern);
/* Whether pattern matches path, without recording arguments. */
bool vv_route_matches(const char *pattern, const char *path);

/* --- audit (tenant.c) --- */
/* An audit row in tenant_id's log by user_id, or by the hosting provider
 * or the server itself (user_id 0: user_id NULL) - vvctl, the ticker.
 * 0 or a negative code. */
int vv_audit_by(vv_arena_t *a, int64_t tenant_id, int64_t user_id, const char *action,
		const char *detail);

/* --- plugins (plugins.c) --- */
struct vv_plugin;
/* Loads each plugin named in the comma-separated list (a bare name is
 * looked up as dir/NAME.so, a path containing '/' is used as is) and calls
 * its init. A plugin that cannot be opened, lacks the entry symbol, was
 * built for another ABI, repeats a loaded name or has a malformed route is
 * refused with one log line (when log_refusals) and the rest still load.
 * Returns the number loaded. */
int vv_plugins_load(const char *dir, const char *list, bool log_refusals);
/* Calls every fini and unloads. */
void vv_plugins_unload(void);
/* Finds the route for method and path. Returns the route, or NULL with
 * *path_route set to a route that had the path with another method (405,
 * and whether it is a JSON route) or NULL (404).
 * lang_tree selects routes under the language prefix (path is the subpath)
 * or VV_ROUTE_NOLANG routes (path is the whole path). */
const struct vv_route *vv_plugins_route(vv_req_t *r, const char *method, const char *path,
					bool lang_tree, const struct vv_route **path_route);
/* --- the ticker (tick.c): plugins' work between requests, in a process of its own --- */
/* [server] tick_seconds in ms (capped at a day); 0 when ticks are off. */
long vv_tick_period_ms(void);
/* The ticker's own work after the plugins' ticks: sends the mail queue's
 * due messages (core/mail/outbox.c). Returns how many it tried to send. */
int vv_mail_tick(vv_arena_t *a);
/* Queues the reminders due before events' starts (tenant_policies
 * reminder_minutes), each claimed once in event_reminders
 * (core/domain/reminder.c). Returns how many it queued. */
int vv_reminder_tick(vv_arena_t *a);
/* Removes dead sign-in rows (expired sessions, used, revoked or expired
 * login links, spent throttle rows, stale known devices) when this ticker
 * wins the turn ([session] purge_minutes; core/identity/purge.c). Returns
 * how many rows went. */
int64_t vv_purge_tick(vv_arena_t *a);
/* The ticker process's life: loads plugins, runs their ticks every period
 * from a random first moment, returns its exit status on SIGTERM. */
int vv_ticker_run(void);
/* Records that this process was told to stop (async-signal-safe), for
 * vv_stopping() (vv/plugin.h). */
void vv_stop_note(void);

/* Loaded plugins, for listings and tests. */
size_t vv_plugins_count(void);
const struct vv_plugin *vv_plugins_get(size_t i);

/* --- passwords (auth.c) --- */
/* Replaces a staff user's password hash and ends every session of theirs,
 * joining an enclosing vv_db_tx (the caller audits). Returns the number of
 * sessions ended, VV_NOTFOUND when user_id is no staff member of tenant_id,
 * or a db code. */
int vv_password_replace(vv_arena_t *a, int64_t tenant_id, int64_t user_id, const char *hash);
/* Forgets the sign-in failures counted for an account (after a reset),
 * from every address. */
void vv_login_throttle_clear(vv_arena_t *a, const char *email);

/* --- sign-in throttling (throttle.c) --- */
/* The throttle keys of one sign-in attempt: filled by vv_throttle_keys
 * from the typed e-mail (normalised as the database compares e-mails),
 * the client address and the browser's known-device cookie. Arena memory. */
struct vv_throttle {
	const char *acct;  /* the account, from every address: a capped slowdown */
	const char *pair;  /* the account from this address: slowdown, then a lock */
	const char *addr;  /* the address, whatever account: slowdown, then a lock */
	const char *dev;   /* the account from a known device: capped slowdown only */
	const char *device_hash; /* SHA-256 of a known device's cookie, or NULL */
};
/* devices: whether a known-device cookie counts (not for the current
 * password asked in a session: whoever guesses there sits at the device). */
int vv_throttle_keys(vv_req_t *r, const char *email, bool devices, struct vv_throttle *t);
/* 0 when no key has to wait; VV_CONFLICT with *retry_after; or a db code. */
int vv_throttle_check(vv_req_t *r, const struct vv_throttle *t, int *retry_after);
void vv_throttle_fail(vv_req_t *r, const struct vv_throttle *t);
/* After the right password: forgets the failures of this account from
 * this address or device and remembers the browser as a known device of
 * user_id (cookie vv_device). */
void vv_throttle_success(vv_req_t *r, const struct vv_throttle *t, int64_t user_id, int64_t tenant_id);

/* --- cookies (cookie.c) --- */
/* Whether cookies are Secure for a request ([server] secure_cookies). */
bool vv_cookie_secure(const vv_req_t *r);
/* The same for a given setting, $https and client address (unit tests). */
bool vv_cookie_secure_for(const char *mode, const char *https, const char *addr);
/* base, or "__Host-" base when Secure (arena memory). */
const char *vv_cookie_name(vv_req_t *r, const char *base);
/* "; Secure" or "". */
const char *vv_cookie_flags(const vv_req_t *r);
/* VV_INVALID when secure_cookies has a value that is neither auto nor a yes or no. */
int vv_cookie_conf_check(void);

/* --- session (session.c) --- */
/* Starts a session for user in tenant: a new token in the cookie, a new
 * CSRF token, the old session (if any) ended. kind is "password" or
 * "link". Fills the request's identity. 0 or a negative code. */
int vv_session_start(vv_req_t *r, int64_t user_id, int64_t tenant_id, const char *kind,
		     int64_t login_link_id);
/* Loads identity fields for user into r (after sign-in). */
int vv_session_fill_user(vv_req_t *r, int64_t user_id, int64_t tenant_id);
/* Sets role, user, tenant and the expected CSRF token from the request's
 * cookies. 0, VV_UNAVAILABLE (database down) or VV_ERR. */
int vv_session_load(vv_req_t *r);
/* True when the form's "csrf" field matches the session's token. */
bool vv_session_csrf_ok(vv_req_t *r);

/* --- worker (worker.c) --- */
/* Serves requests on the listening FastCGI socket until told to stop.
 * slot is the worker's index (slot 0 logs plugin refusals). Returns the
 * process exit code. */
int vv_worker_run(int listen_fd, int slot);

#endif
