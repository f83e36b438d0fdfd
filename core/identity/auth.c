/* Passwords (Argon2id through libargon2), sign-in with password or login
 * link, and the throttling of failed sign-ins. Sessions themselves are in
 * session.c. */
#include <string.h>
#include <argon2.h>
#include <openssl/rand.h>
#include "core.h"

/* OWASP's recommendation for Argon2id: 19 MiB, 2 passes, 1 lane. */
#define ARGON_T 2
#define ARGON_M 19456
#define ARGON_P 1
#define SALT_LEN 16
#define HASH_LEN 32

char *vv_password_hash(vv_arena_t *a, const char *password)
{
	unsigned char salt[SALT_LEN];
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return NULL;
	size_t enclen = argon2_encodedlen(ARGON_T, ARGON_M, ARGON_P, SALT_LEN, HASH_LEN, Argon2_id);
	char *out = vv_alloc(a, enclen);
	int rc = argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, password, strlen(password), salt,
				       sizeof(salt), HASH_LEN, out, enclen);
	return rc == ARGON2_OK ? out : NULL;
}

bool vv_password_verify(const char *encoded, const char *password)
{
	if (!encoded || !password || strncmp(encoded, "$argon2id$", 10) != 0)
		return false;
	return argon2id_verify(encoded, password, strlen(password)) == ARGON2_OK;
}

int vv_password_check(const char *password)
{
	if (!password)
		return VV_INVALID;
	size_t n = strlen(password), chars = 0;
	if (!vv_utf8_valid(password, n))
		return VV_INVALID;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)password[i] & 0xC0) != 0x80)
			chars++;
	return chars >= VV_PASSWORD_MIN && chars <= VV_PASSWORD_MAX ? 0 : VV_INVALID;
}

static const struct {
	const char *name;
	unsigned bit;
} roles[] = {
	{"admin", VV_ROLE_ADMIN},
	{"operator", VV_ROLE_OPERATOR},
	{"professional", VV_ROLE_PROFESSIONAL},
	{"customer", VV_ROLE_CUSTOMER},
};

unsigned vv_role_bit(const char *name)
{
	for (size_t i = 0; name && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(name, roles[i].name) == 0)
			return roles[i].bit;
	return 0;
}

const char *vv_role_name(unsigned bit)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].bit == bit)
			return roles[i].name;
	return bit == VV_ROLE_ANON ? "anon" : NULL;
}

/* ---- throttling ----
 * Failures are counted per account and per client address within a
 * window. From the SLOW_AFTER-th failure on, each further attempt must
 * wait twice as long as the one before (1 s, 2 s, 4 s ...); at LOCK_AT
 * failures the key is locked for LOCK_SECONDS. Addresses get more room
 * than accounts: a care home's tablets may share one address. */

struct limits {
	long slow_after, lock_at, lock_seconds, window_seconds;
};

static struct limits limits_for(bool account)
{
	struct limits l;
	l.slow_after = vv_conf_int("login", account ? "account_slow_after" : "address_slow_after",
				   account ? 3 : 10);
	l.lock_at = vv_conf_int("login", account ? "account_lock_at" : "address_lock_at",
				account ? 10 : 50);
	l.lock_seconds = vv_conf_int("login", "lock_seconds", 900);
	l.window_seconds = vv_conf_int("login", "window_seconds", 900);
	return l;
}

static const char *throttle_key(vv_arena_t *a, bool account, const char *value)
{
	return vv_token_hash(a, vv_sprintf(a, "%s:%s", account ? "acct" : "addr", value));
}

/* Seconds until key may try again (0: now), or a negative code. */
static int throttle_wait(vv_arena_t *a, const char *key)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT GREATEST(0, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), locked_until))"
		" FROM login_throttle WHERE k = ? AND locked_until IS NOT NULL",
		VV_DB_ARGS(VV_DB_S(key)));
	if (!res)
		return err;
	return vv_db_next(res) ? (int)vv_db_int(res, 0, 0) : 0;
}

static void throttle_fail(vv_arena_t *a, const char *key, struct limits l)
{
	/* One statement, so that two workers counting the same key at once
	 * both count: the row lock orders them. */
	vv_db_exec(a,
		   "INSERT INTO login_throttle (k, failures, window_start, locked_until)"
		   " VALUES (?, 1, UTC_TIMESTAMP(), NULL)"
		   " ON DUPLICATE KEY UPDATE"
		   " failures = IF(window_start < UTC_TIMESTAMP() - INTERVAL ? SECOND, 1, failures + 1),"
		   " window_start = IF(failures = 1, UTC_TIMESTAMP(), window_start),"
		   " locked_until = CASE"
		   "  WHEN failures >= ? THEN UTC_TIMESTAMP() + INTERVAL ? SECOND"
		   "  WHEN failures >= ? THEN UTC_TIMESTAMP() + INTERVAL POW(2, LEAST(failures - ?, 10)) SECOND"
		   "  ELSE NULL END",
		   VV_DB_ARGS(VV_DB_S(key), VV_DB_I(l.window_seconds), VV_DB_I(l.lock_at),
			      VV_DB_I(l.lock_seconds), VV_DB_I(l.slow_after),
			      VV_DB_I(l.slow_after)));
}

/* A hash to verify against when the e-mail is unknown, so that the answer
 * takes as long as for a known one and tells nothing. Made once per worker. */
static char dummy_hash[160];

static const char *dummy(vv_arena_t *a)
{
	if (!dummy_hash[0]) {
		char *h = vv_password_hash(a, vv_token_new(a, 16));
		if (h && strlen(h) < sizeof(dummy_hash))
			strcpy(dummy_hash, h);
	}
	return dummy_hash;
}

/* Addresses are stored lowercased; the account's throttle key is too. */
static char *lowered(vv_arena_t *a, const char *email)
{
	char *lower = vv_strdup(a, email ? email : "");
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return lower;
}

/* 0 when neither the account nor the address has to wait; VV_CONFLICT
 * with *retry_after set when one has; or a negative db code. */
static int throttle_check(vv_arena_t *a, const char *acct, const char *addr, int *retry_after)
{
	int wa = throttle_wait(a, acct), wb = throttle_wait(a, addr);
	if (wa < 0 || wb < 0)
		return wa < 0 ? wa : wb;
	if (wa > 0 || wb > 0) {
		*retry_after = wa > wb ? wa : wb;
		return VV_CONFLICT;
	}
	return 0;
}

void vv_login_throttle_clear(vv_arena_t *a, const char *email)
{
	vv_db_exec(a, "DELETE FROM login_throttle WHERE k = ?",
		   VV_DB_ARGS(VV_DB_S(throttle_key(a, true, lowered(a, email)))));
}

int vv_login_password(vv_req_t *r, const char *email, const char *password, int *retry_after)
{
	vv_arena_t *a = r->arena;
	*retry_after = 0;
	char *lower = lowered(a, email);
	const char *acct = throttle_key(a, true, lower), *addr = throttle_key(a, false, r->addr);
	int wrc = throttle_check(a, acct, addr, retry_after);
	if (wrc < 0)
		return wrc;

	/* E-mail is unique within a tenant, not across tenants: try each
	 * active account with this address (rarely more than one). */
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT id, tenant_id, password_hash FROM users"
		" WHERE email = ? AND active = 1 AND password_hash IS NOT NULL ORDER BY id LIMIT 5",
		VV_DB_ARGS(VV_DB_S(lower)));
	if (!res)
		return err;
	int64_t uid = 0, tid = 0;
	bool any = false;
	while (vv_db_next(res)) {
		any = true;
		if (!uid && vv_password_verify(vv_db_str(res, 2), password)) {
			uid = vv_db_int(res, 0, 0);
			tid = vv_db_int(res, 1, 0);
		}
	}
	if (!any)
		vv_password_verify(dummy(a), password);
	if (!uid) {
		throttle_fail(a, acct, limits_for(true));
		throttle_fail(a, addr, limits_for(false));
		return VV_INVALID;
	}
	vv_db_exec(a, "DELETE FROM login_throttle WHERE k = ?", VV_DB_ARGS(VV_DB_S(acct)));
	int rc = vv_session_start(r, uid, tid, "password", 0);
	if (rc < 0)
		return rc;
	vv_audit(r, "auth.login", NULL);
	return VV_OK;
}

int vv_login_link(vv_req_t *r, const char *token)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		r->arena, &err,
		"SELECT l.id, l.user_id, l.tenant_id FROM login_links l"
		" JOIN users u ON u.id = l.user_id AND u.tenant_id = l.tenant_id"
		" WHERE l.token_hash = ? AND l.revoked_at IS NULL AND u.active = 1",
		VV_DB_ARGS(VV_DB_S(vv_token_hash(r->arena, token))));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	int64_t link = vv_db_int(res, 0, 0);
	int rc = vv_session_start(r, vv_db_int(res, 1, 0), vv_db_int(res, 2, 0), "link", link);
	if (rc < 0)
		return rc;
	vv_db_exec(r->arena, "UPDATE login_links SET last_used_at = UTC_TIMESTAMP() WHERE id = ?",
		   VV_DB_ARGS(VV_DB_I(link)));
	vv_audit(r, "auth.login_link", NULL);
	return VV_OK;
}

struct issue_ctx {
	vv_req_t *r;
	int64_t user_id;
	const char *uuid; /* the user's, for the audit row */
	const char *hash;
};

static int revoke_tx(vv_arena_t *a, void *p)
{
	struct issue_ctx *c = p;
	int64_t n = vv_db_exec(a,
			       "UPDATE login_links SET revoked_at = UTC_TIMESTAMP()"
			       " WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL",
			       VV_DB_ARGS(VV_DB_I(c->r->tenant_id), VV_DB_I(c->user_id)));
	if (n < 0)
		return (int)n;
	int64_t m = vv_db_exec(a, "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ? AND kind = 'link'",
			       VV_DB_ARGS(VV_DB_I(c->r->tenant_id), VV_DB_I(c->user_id)));
	if (m < 0)
		return (int)m;
	int rc0 = vv_user_changed(a, c->user_id); /* the poll's copies, vv/changes.h */
	if (rc0 < 0)
		return rc0;
	if (!c->hash) {
		int rc = vv_audit(c->r, "user.login_link.revoke", vv_sprintf(a, "user=%s", c->uuid));
		return rc < 0 ? rc : (int)n;
	}
	int64_t k = vv_db_exec(a,
			       "INSERT INTO login_links (tenant_id, user_id, token_hash, created_by)"
			       " VALUES (?, ?, ?, ?)",
			       VV_DB_ARGS(VV_DB_I(c->r->tenant_id), VV_DB_I(c->user_id),
					  VV_DB_S(c->hash), VV_DB_I(c->r->user_id)));
	if (k < 0)
		return (int)k;
	int rc = vv_audit(c->r, "user.login_link.issue", vv_sprintf(a, "user=%s", c->uuid));
	return rc < 0 ? rc : 1;
}

/* 0 when user_id is a customer of the request's tenant; *uuid is theirs. */
static int own_customer(vv_req_t *r, int64_t user_id, const char **uuid)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(r->arena, &err,
				       "SELECT uuid FROM users WHERE id = ? AND tenant_id = ? AND role = 'customer'",
				       VV_DB_ARGS(VV_DB_I(user_id), VV_DB_I(r->tenant_id)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	*uuid = vv_db_str(res, 0);
	return 0;
}

char *vv_login_link_issue(vv_req_t *r, int64_t user_id, int *err)
{
	const char *uuid = NULL;
	int rc = own_customer(r, user_id, &uuid);
	if (rc < 0) {
		*err = rc;
		return NULL;
	}
	char *token = vv_token_new(r->arena, 32);
	if (!token) {
		*err = VV_ERR;
		return NULL;
	}
	struct issue_ctx c = {r, user_id, uuid, vv_token_hash(r->arena, token)};
	rc = vv_db_tx(r->arena, revoke_tx, &c);
	if (rc < 0) {
		*err = rc;
		return NULL;
	}
	*err = 0;
	return token;
}

int vv_login_link_revoke(vv_req_t *r, int64_t user_id)
{
	const char *uuid = NULL;
	int rc = own_customer(r, user_id, &uuid);
	if (rc < 0)
		return rc;
	struct issue_ctx c = {r, user_id, uuid, NULL};
	return vv_db_tx(r->arena, revoke_tx, &c);
}

/* ---- changing and resetting passwords ---- */

int vv_password_replace(vv_arena_t *a, int64_t tenant_id, int64_t user_id, const char *hash)
{
	/* Customers have no password: a hash would let a tablet's account be
	 * signed into with one. */
	int64_t n = vv_db_exec(a,
			       "UPDATE users SET password_hash = ?, updated_at = UTC_TIMESTAMP()"
			       " WHERE tenant_id = ? AND id = ? AND role <> 'customer'",
			       VV_DB_ARGS(VV_DB_S(hash), VV_DB_I(tenant_id), VV_DB_I(user_id)));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return VV_NOTFOUND;
	/* Whoever knew the old password may hold a session started with it. */
	int64_t ended = vv_db_exec(a, "DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?",
				   VV_DB_ARGS(VV_DB_I(tenant_id), VV_DB_I(user_id)));
	if (ended < 0)
		return (int)ended;
	int rc = vv_user_changed(a, user_id); /* the poll's copies, vv/changes.h */
	return rc < 0 ? rc : (int)ended;
}

struct password_ctx {
	vv_req_t *r;
	int64_t user_id;
	const char *uuid, *hash, *action;
};

static int password_tx(vv_arena_t *a, void *p)
{
	struct password_ctx *c = p;
	int rc = vv_password_replace(a, c->r->tenant_id, c->user_id, c->hash);
	if (rc < 0)
		return rc;
	/* The uuid names whose password it was; the password never appears. */
	return vv_audit(c->r, c->action, vv_sprintf(a, "user=%s", c->uuid));
}

int vv_password_change(vv_req_t *r, const char *current, const char *password, int *retry_after)
{
	vv_arena_t *a = r->arena;
	*retry_after = 0;
	if (!r->user_id || r->role == VV_ROLE_CUSTOMER)
		return VV_FORBIDDEN;
	if (!current || vv_password_check(password) != 0)
		return VV_ERR;
	/* The same keys as a sign-in: guessing here is guessing there, and an
	 * unattended session must not be a way round the sign-in's limits. */
	const char *acct = throttle_key(a, true, lowered(a, r->user_email));
	const char *addr = throttle_key(a, false, r->addr);
	int rc = throttle_check(a, acct, addr, retry_after);
	if (rc < 0)
		return rc;
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT uuid, password_hash FROM users WHERE tenant_id = ? AND id = ? AND active = 1"
		" AND role <> 'customer' AND password_hash IS NOT NULL",
		VV_DB_ARGS(VV_DB_I(r->tenant_id), VV_DB_I(r->user_id)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_FORBIDDEN;
	const char *uuid = vv_db_str(res, 0);
	if (!vv_password_verify(vv_db_str(res, 1), current)) {
		throttle_fail(a, acct, limits_for(true));
		throttle_fail(a, addr, limits_for(false));
		return VV_INVALID;
	}
	vv_db_exec(a, "DELETE FROM login_throttle WHERE k = ?", VV_DB_ARGS(VV_DB_S(acct)));
	/* Argon2id is slow: outside the transaction, which may be retried. */
	const char *hash = vv_password_hash(a, password);
	if (!hash)
		return VV_ERR;
	int64_t uid = r->user_id, tid = r->tenant_id;
	struct password_ctx c = {r, uid, uuid, hash, "user.password.change"};
	rc = vv_db_tx(a, password_tx, &c);
	if (rc < 0)
		return rc;
	/* Every session ended with the transaction, this one too, so that a
	 * stolen copy of its token is worth nothing now; the user goes on in a
	 * new one. Should starting it fail, they sign in again: never the
	 * other way round. */
	return vv_session_start(r, uid, tid, "password", 0);
}

int vv_password_reset(vv_req_t *r, int64_t user_id, const char *password)
{
	vv_arena_t *a = r->arena;
	if (vv_password_check(password) != 0)
		return VV_INVALID;
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT uuid, email FROM users WHERE tenant_id = ? AND id = ? AND role <> 'customer'",
		VV_DB_ARGS(VV_DB_I(r->tenant_id), VV_DB_I(user_id)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	const char *uuid = vv_db_str(res, 0), *email = vv_db_str(res, 1);
	const char *hash = vv_password_hash(a, password);
	if (!hash)
		return VV_ERR;
	struct password_ctx c = {r, user_id, uuid, hash, "user.password.reset"};
	int rc = vv_db_tx(a, password_tx, &c);
	if (rc < 0)
		return rc;
	/* A reset is often for someone who locked themself out. */
	vv_login_throttle_clear(a, email);
	return VV_OK;
}
