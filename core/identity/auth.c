/* Passwords (Argon2id through libargon2), sign-in with password or login
 * link. Sessions themselves are in session.c, the throttling of failed
 * sign-ins in throttle.c. */
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

int vv_login_password(vv_req_t *r, const char *email, const char *password, int *retry_after)
{
	vv_arena_t *a = r->arena;
	*retry_after = 0;
	struct vv_throttle t;
	int wrc = vv_throttle_keys(r, email, true, &t);
	if (wrc < 0)
		return wrc;
	wrc = vv_throttle_check(r, &t, retry_after);
	if (wrc != 0)
		return wrc; /* before any Argon2: a throttled try costs no hash */

	/* E-mail is unique within a tenant, not across tenants: try each
	 * active account with this address (rarely more than one). */
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT id, tenant_id, password_hash FROM users"
		" WHERE email = ? AND active = 1 AND password_hash IS NOT NULL ORDER BY id LIMIT 5",
		VV_DB_ARGS(VV_DB_S(email)));
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
		vv_throttle_fail(r, &t);
		return VV_INVALID;
	}
	vv_throttle_success(r, &t, uid, tid);
	int rc = vv_session_start(r, uid, tid, "password", 0);
	if (rc < 0)
		return rc;
	vv_audit(r, "auth.login", NULL);
	return VV_OK;
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
	struct vv_throttle t;
	int rc = vv_throttle_keys(r, r->user_email, false, &t);
	if (rc < 0)
		return rc;
	rc = vv_throttle_check(r, &t, retry_after);
	if (rc != 0)
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
		vv_throttle_fail(r, &t);
		return VV_INVALID;
	}
	vv_throttle_success(r, &t, r->user_id, r->tenant_id);
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
