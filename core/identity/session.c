/* Who is asking, and the CSRF token their state-changing requests must
 * carry.
 *
 * A signed-in visitor carries cookie vv_session, a random 256-bit token;
 * the database holds only its SHA-256, so a leaked table signs nobody in.
 * One indexed query per request finds the session, its user and tenant.
 * The session's CSRF token is stored with it and put into every page.
 *
 * An anonymous visitor gets a random CSRF token in cookie vv_csrf that a
 * form must echo back (the double-submit pattern: a cross-site form can
 * neither read nor set it). */
#include <string.h>
#include <time.h>
#include "core.h"

#define SESSION_COOKIE "vv_session"
#define CSRF_COOKIE "vv_csrf"
/* Set beside a login link's session and kept after it ends: a browser that
 * carries it was a customer's tablet, and when its session has been ended
 * (revoked on the admin's customer page, a new link, expiry) it is sent to
 * the calm "ask for a new link" page instead of the staff sign-in form. */
#define TABLET_COOKIE "vv_tablet"
/* Writes to last_seen at most this often: a request must not cost a write. */
#define TOUCH_SECONDS 60

/* Cookie names and the Secure flag: cookie.c (__Host- names over HTTPS). */
#define cookie_flags() vv_cookie_flags(r)

/* Idle and absolute lifetimes in seconds. A tablet signed in with a login
 * link stays signed in for long: the organisation's choice (Asetukset,
 * tenant_policies.link_idle_days; tenant_days, 0 when it has made none)
 * within the provider's ceiling [session] link_idle_days. A staff member's
 * password session not. */
static void lifetimes(const char *kind, int64_t tenant_days, long *idle, long *absolute)
{
	if (strcmp(kind, "link") == 0) {
		long ceiling = vv_conf_int("session", "link_idle_days", 90);
		long days = tenant_days > 0 && tenant_days < ceiling ? (long)tenant_days : ceiling;
		*idle = days * 86400L;
		*absolute = vv_conf_int("session", "link_absolute_days", 365) * 86400L;
	} else {
		*idle = vv_conf_int("session", "idle_minutes", 60) * 60L;
		*absolute = vv_conf_int("session", "absolute_hours", 12) * 3600L;
	}
}

static void clear_cookie(vv_req_t *r)
{
	vv_resp_header(r, "Set-Cookie",
		       vv_sprintf(r->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
				  vv_cookie_name(r, SESSION_COOKIE), cookie_flags()));
}

static int anonymous(vv_req_t *r)
{
	r->role = VV_ROLE_ANON;
	r->user_id = r->tenant_id = r->session_id = 0;
	/* Only a token of the shape vv_token_new makes (43 URL-safe base64
	 * characters): the value is put into pages, and a cookie may be set by
	 * someone else (a sibling domain, plain HTTP). Anything else gets a
	 * fresh token. */
	const char *c = vv_req_cookie(r, vv_cookie_name(r, CSRF_COOKIE));
	if (c && strlen(c) == 43 && strspn(c, VV_TOKEN_CHARS) == 43) {
		r->csrf = c;
		return VV_OK;
	}
	r->csrf = vv_token_new(r->arena, 32);
	if (!r->csrf)
		return VV_ERR;
	vv_resp_header(r, "Set-Cookie",
		       vv_sprintf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
				  vv_cookie_name(r, CSRF_COOKIE), r->csrf, cookie_flags()));
	return VV_OK;
}

static void set_identity(vv_req_t *r, vv_db_res_t *res, unsigned c)
{
	r->role = vv_role_bit(vv_db_str(res, c));
	const char *first = vv_db_str(res, c + 1), *last = vv_db_str(res, c + 2);
	r->user_name = vv_sprintf(r->arena, "%s %s", first ? first : "", last ? last : "");
	r->user_email = vv_db_str(res, c + 3);
	r->user_language = vv_db_str(res, c + 4);
	r->tz = vv_db_str(res, c + 5);
	r->tenant_language = vv_db_str(res, c + 6);
}

#define IDENTITY_COLUMNS \
	"u.role, u.first_name, u.last_name, u.email, u.language, t.timezone, t.language"

/* The session cookie's token, or NULL. Over HTTPS the cookie is
 * __Host-vv_session; *legacy is set when only the plain vv_session of a
 * session older than that name came (014_signin.sql marks those), which is
 * then accepted once and moved to the new name: tablets stay signed in
 * through the upgrade. */
static const char *session_token(vv_req_t *r, bool *legacy)
{
	*legacy = false;
	const char *token = vv_req_cookie(r, vv_cookie_name(r, SESSION_COOKIE));
	if (!token && vv_cookie_secure(r)) {
		token = vv_req_cookie(r, SESSION_COOKIE);
		*legacy = token != NULL;
	}
	return token && strlen(token) == 43 ? token : NULL;
}

static void move_legacy_cookie(vv_req_t *r, const char *token, const char *kind, int64_t ends)
{
	vv_db_exec(r->arena, "UPDATE sessions SET legacy_cookie = 0 WHERE id = ?",
		   VV_DB_ARGS(VV_DB_I(r->session_id)));
	const char *age = strcmp(kind, "link") == 0 ? vv_sprintf(r->arena, "; Max-Age=%lld",
							      (long long)(ends - (int64_t)time(NULL)))
						    : "";
	vv_resp_header(r, "Set-Cookie",
		       vv_sprintf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
				  vv_cookie_name(r, SESSION_COOKIE), token, age, cookie_flags()));
	vv_resp_header(r, "Set-Cookie", SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
}

int vv_session_load(vv_req_t *r)
{
	bool legacy;
	const char *token = session_token(r, &legacy);
	if (!token)
		return anonymous(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		r->arena, &err,
		"SELECT s.id, s.csrf, s.user_id, s.tenant_id, s.kind,"
		" s.last_seen < UTC_TIMESTAMP() - INTERVAL " VV_STR(TOUCH_SECONDS) " SECOND, "
		IDENTITY_COLUMNS ", UNIX_TIMESTAMP(LEAST(s.expires_at, s.idle_expires_at)),"
		" UNIX_TIMESTAMP(s.expires_at), COALESCE(p.link_idle_days, 0),"
		/* vv_req_changes: three primary-key reads beside the session's */
		" CONCAT('u=', IFNULL(cu.changed_at, ''), ';t=', IFNULL(ct.changed_at, ''),"
		"  ';c=', IFNULL(cc.changed_at, ''))"
		" FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id"
		" JOIN tenants t ON t.id = s.tenant_id LEFT JOIN tenant_policies p ON p.tenant_id = s.tenant_id"
		" LEFT JOIN changes cu ON cu.kind = 'u' AND cu.id = s.user_id"
		" LEFT JOIN changes ct ON ct.kind = 't' AND ct.id = s.tenant_id"
		" LEFT JOIN changes cc ON cc.kind = 'c' AND cc.id = s.tenant_id"
		" WHERE s.token_hash = ? AND s.expires_at > UTC_TIMESTAMP()"
		" AND s.idle_expires_at > UTC_TIMESTAMP() AND u.active = 1 AND (? = 0 OR s.legacy_cookie = 1)",
		VV_DB_ARGS(VV_DB_S(vv_token_hash(r->arena, token)), VV_DB_I(legacy)));
	if (!res)
		return err == VV_UNAVAILABLE ? VV_UNAVAILABLE : VV_ERR;
	if (!vv_db_next(res)) {
		if (!legacy)
			clear_cookie(r); /* expired, revoked or unknown: the visitor is anonymous again */
		return anonymous(r);
	}
	r->session_id = vv_db_int(res, 0, 0);
	r->csrf = vv_db_str(res, 1);
	r->user_id = vv_db_int(res, 2, 0);
	r->tenant_id = vv_db_int(res, 3, 0);
	set_identity(r, res, 6);
	r->session_ends = vv_db_int(res, 13, 0);
	r->changes = vv_db_str(res, 16);
	if (legacy)
		move_legacy_cookie(r, token, vv_db_str(res, 4), vv_db_int(res, 14, 0));
	if (vv_db_int(res, 5, 0)) {
		long idle, absolute;
		lifetimes(vv_db_str(res, 4), vv_db_int(res, 15, 0), &idle, &absolute);
		vv_db_exec(r->arena,
			   "UPDATE sessions SET last_seen = UTC_TIMESTAMP(),"
			   " idle_expires_at = LEAST(expires_at, UTC_TIMESTAMP() + INTERVAL ? SECOND)"
			   " WHERE id = ?",
			   VV_DB_ARGS(VV_DB_I(idle), VV_DB_I(r->session_id)));
	}
	return VV_OK;
}

const char *vv_session_key(vv_req_t *r)
{
	bool legacy;
	const char *token = session_token(r, &legacy);
	if (!token)
		return NULL;
	return vv_token_hash(r->arena, token);
}

int64_t vv_session_ends(const vv_req_t *r)
{
	return r->session_ends;
}

int vv_session_require(vv_req_t *r)
{
	int rc = vv_session_load(r);
	if (rc < 0)
		return rc;
	if (r->route && !(r->route->roles & r->role)) {
		/* An anonymous read is sent to sign in; a POST is refused. */
		if (r->role == VV_ROLE_ANON && strcmp(r->method, "POST") != 0) {
			const char *mark = vv_req_cookie(r, vv_cookie_name(r, TABLET_COOKIE));
			bool tablet = mark && strcmp(mark, "1") == 0 && vv_route_exists("GET", "/signed-out");
			return vv_resp_redirect(r, 303, vv_sprintf(r->arena, "/%s/%s", r->lang,
								   tablet ? "signed-out" : "login"));
		}
		return VV_FORBIDDEN;
	}
	return VV_OK;
}

int vv_session_fill_user(vv_req_t *r, int64_t user_id, int64_t tenant_id)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		r->arena, &err,
		"SELECT " IDENTITY_COLUMNS " FROM users u JOIN tenants t ON t.id = u.tenant_id"
		" WHERE u.id = ? AND u.tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(user_id), VV_DB_I(tenant_id)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	r->user_id = user_id;
	r->tenant_id = tenant_id;
	set_identity(r, res, 0);
	return VV_OK;
}

int vv_session_start(vv_req_t *r, int64_t user_id, int64_t tenant_id, const char *kind,
		     int64_t login_link_id)
{
	/* A new token at every sign-in: a token planted before it (session
	 * fixation) is worth nothing afterwards. */
	if (r->session_id) {
		vv_db_exec(r->arena, "DELETE FROM sessions WHERE id = ?",
			   VV_DB_ARGS(VV_DB_I(r->session_id)));
		vv_user_changed(r->arena, r->user_id); /* the poll forgets the old session */
	}
	char *token = vv_token_new(r->arena, 32);
	char *csrf = vv_token_new(r->arena, 32);
	if (!token || !csrf)
		return VV_ERR;
	int64_t tenant_days = 0;
	if (strcmp(kind, "link") == 0) {
		int err = 0;
		vv_db_res_t *p = vv_db_query(r->arena, &err,
					     "SELECT link_idle_days FROM tenant_policies WHERE tenant_id = ?",
					     VV_DB_ARGS(VV_DB_I(tenant_id)));
		if (!p)
			return err;
		if (vv_db_next(p))
			tenant_days = vv_db_int(p, 0, 0);
	}
	long idle, absolute;
	lifetimes(kind, tenant_days, &idle, &absolute);
	int64_t n = vv_db_exec(
		r->arena,
		"INSERT INTO sessions (token_hash, user_id, tenant_id, csrf, kind, login_link_id,"
		" created_at, last_seen, idle_expires_at, expires_at) VALUES (?, ?, ?, ?, ?, ?,"
		" UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND,"
		" UTC_TIMESTAMP() + INTERVAL ? SECOND)",
		VV_DB_ARGS(VV_DB_S(vv_token_hash(r->arena, token)), VV_DB_I(user_id),
			   VV_DB_I(tenant_id), VV_DB_S(csrf), VV_DB_S(kind), VV_DB_I(login_link_id),
			   VV_DB_I(idle < absolute ? idle : absolute), VV_DB_I(absolute)));
	if (n < 0)
		return (int)n;
	r->session_id = vv_db_insert_id();
	r->csrf = csrf;
	int rc = vv_session_fill_user(r, user_id, tenant_id);
	if (rc < 0)
		return rc;
	/* A tablet's cookie must outlive the browser session; a staff
	 * member's ends with the browser. */
	const char *age = strcmp(kind, "link") == 0 ? vv_sprintf(r->arena, "; Max-Age=%ld", absolute) : "";
	vv_resp_header(r, "Set-Cookie",
		       vv_sprintf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
				  vv_cookie_name(r, SESSION_COOKIE), token, age, cookie_flags()));
	/* The tablet mark lives as long as the tablet's cookie could; a staff
	 * sign-in in that browser takes it away. */
	if (strcmp(kind, "link") == 0)
		vv_resp_header(r, "Set-Cookie",
			       vv_sprintf(r->arena, "%s=1; Path=/; HttpOnly; SameSite=Lax%s%s",
					  vv_cookie_name(r, TABLET_COOKIE), age, cookie_flags()));
	else if (vv_req_cookie(r, vv_cookie_name(r, TABLET_COOKIE)))
		vv_resp_header(r, "Set-Cookie",
			       vv_sprintf(r->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
					  vv_cookie_name(r, TABLET_COOKIE), cookie_flags()));
	return VV_OK;
}

/* The session's row and the notice that the user's sessions changed (the
 * alarm poll answers from copies per session, vv/changes.h) commit
 * together: a notice lost would leave the copy of a dead session. */
static int logout_tx(vv_arena_t *a, void *p)
{
	vv_req_t *r = p;
	int64_t n = vv_db_exec(a, "DELETE FROM sessions WHERE id = ?",
			       VV_DB_ARGS(VV_DB_I(r->session_id)));
	if (n < 0)
		return (int)n;
	return vv_user_changed(a, r->user_id);
}

int vv_logout(vv_req_t *r)
{
	if (r->session_id) {
		int rc = vv_db_tx(r->arena, logout_tx, r);
		if (rc < 0)
			return rc;
		vv_audit(r, "auth.logout", NULL);
	}
	clear_cookie(r);
	r->session_id = r->user_id = r->tenant_id = 0;
	r->role = VV_ROLE_ANON;
	return VV_OK;
}

int vv_sessions_end_for_user(vv_req_t *r, int64_t user_id)
{
	int64_t n = vv_db_exec(r->arena, "DELETE FROM sessions WHERE user_id = ? AND tenant_id = ?",
			       VV_DB_ARGS(VV_DB_I(user_id), VV_DB_I(r->tenant_id)));
	if (n < 0)
		return (int)n;
	int rc = vv_user_changed(r->arena, user_id); /* the poll's copies, vv/changes.h */
	return rc < 0 ? rc : (int)n;
}

bool vv_session_csrf_ok(vv_req_t *r)
{
	return vv_token_equal(vv_req_form(r, "csrf"), r->csrf);
}
