/* Throttling of failed sign-ins (and of wrong current passwords, which are
 * the same guess). The policy, in doc/operations.md ("Sign-in throttling"):
 *
 * - The account is what the database finds for the typed e-mail, not the
 *   typed text: users.email compares with utf8mb4_unicode_ci (case,
 *   accents, trailing spaces ignored), so "Matti@x.fi ", "mätti@x.fi" and
 *   "matti@x.fi" are one account and get one count. A known address is
 *   keyed by its (lowest) user id; an unknown one by the collation's own
 *   weight string, so that it is counted the same way and a stranger
 *   cannot tell the two apart by how they are throttled.
 * - Per (account, client address): from the 3rd failure each try waits
 *   twice as long, at 10 that address is locked out of that account for
 *   15 minutes. Only whoever guesses is locked, not the account.
 * - Per account from every address: a slowdown only (from the 10th failure
 *   in the window, at most 30 s between tries), never a lock, so that a
 *   guesser with many addresses is slowed but the staff member can sign in.
 * - Per address whatever the account: room for a care home's shared
 *   address, a lock for a flood.
 * - A browser the account has signed in with before carries a known-device
 *   cookie; there only a per-(account, device) slowdown applies, no lock:
 *   nobody elsewhere can shut a staff member out of their usual device.
 * Every check runs before Argon2: a throttled try costs no hash. */
#include <string.h>
#include "core.h"

#define DEVICE_COOKIE "vv_device"

struct limits {
	long slow_after, lock_at /* 0: never */, lock_seconds, cap_seconds, window_seconds;
};

static struct limits limits_of(char kind)
{
	struct limits l;
	l.window_seconds = vv_conf_int("login", "window_seconds", 900);
	l.lock_seconds = vv_conf_int("login", "lock_seconds", 900);
	long cap = vv_conf_int("login", "account_slowdown_max_seconds", 30);
	switch (kind) {
	case 'p': /* account from this address */
		l.slow_after = vv_conf_int("login", "account_slow_after", 3);
		l.lock_at = vv_conf_int("login", "account_lock_at", 10);
		l.cap_seconds = l.lock_seconds;
		break;
	case 'a': /* address */
		l.slow_after = vv_conf_int("login", "address_slow_after", 10);
		l.lock_at = vv_conf_int("login", "address_lock_at", 50);
		l.cap_seconds = l.lock_seconds;
		break;
	case 'd': /* account from a known device */
		l.slow_after = vv_conf_int("login", "account_slow_after", 3);
		l.lock_at = 0;
		l.cap_seconds = cap;
		break;
	default: /* account from everywhere */
		l.slow_after = vv_conf_int("login", "account_slowdown_after", 10);
		l.lock_at = 0;
		l.cap_seconds = cap;
		break;
	}
	return l;
}

/* "id:<lowest user id>" for an address some account has, else
 * "ws:<weight string>" with the trailing spaces' weights removed (the
 * collation pads with spaces: "a " equals "a"). NULL on a db error. */
static const char *account_text(vv_arena_t *a, const char *email, int *err)
{
	vv_db_res_t *res = vv_db_query(
		a, err,
		"SELECT (SELECT MIN(id) FROM users WHERE email = ?),"
		" HEX(WEIGHT_STRING(? COLLATE utf8mb4_unicode_ci)),"
		" HEX(WEIGHT_STRING(' ' COLLATE utf8mb4_unicode_ci))",
		VV_DB_ARGS(VV_DB_S(email), VV_DB_S(email)));
	if (!res || !vv_db_next(res))
		return NULL;
	int64_t id = vv_db_int(res, 0, 0);
	if (id)
		return vv_sprintf(a, "id:%lld", (long long)id);
	char *w = vv_strdup(a, vv_db_str(res, 1) ? vv_db_str(res, 1) : "");
	const char *sp = vv_db_str(res, 2) ? vv_db_str(res, 2) : "";
	size_t n = strlen(w), k = strlen(sp);
	while (k && n >= k && strncmp(w + n - k, sp, k) == 0)
		n -= k;
	w[n] = '\0';
	return vv_sprintf(a, "ws:%s", w);
}

static const char *key(vv_arena_t *a, const char *kind, const char *account, const char *more)
{
	return vv_token_hash(a, vv_sprintf(a, "%s:%s%s%s", kind, account, more ? ":" : "", more ? more : ""));
}

int vv_throttle_keys(vv_req_t *r, const char *email, bool devices, struct vv_throttle *t)
{
	vv_arena_t *a = r->arena;
	int err = VV_ERR;
	const char *acct = account_text(a, email ? email : "", &err);
	if (!acct)
		return err < 0 ? err : VV_ERR;
	memset(t, 0, sizeof(*t));
	t->acct = key(a, "acct", acct, NULL);
	t->pair = key(a, "pair", acct, r->addr);
	t->addr = key(a, "addr", r->addr, NULL);
	const char *cookie = devices ? vv_req_cookie(r, vv_cookie_name(r, DEVICE_COOKIE)) : NULL;
	if (!cookie || strlen(cookie) != 43 || strspn(cookie, VV_TOKEN_CHARS) != 43)
		return 0;
	const char *hash = vv_token_hash(a, cookie);
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT 1 FROM login_devices d JOIN users u ON u.id = d.user_id AND u.tenant_id = d.tenant_id"
		" WHERE d.token_hash = ? AND u.email = ?"
		" AND d.last_used_at > UTC_TIMESTAMP() - INTERVAL ? DAY LIMIT 1",
		VV_DB_ARGS(VV_DB_S(hash), VV_DB_S(email),
			   VV_DB_I(vv_conf_int("login", "device_days", 365))));
	if (!res)
		return err;
	if (vv_db_next(res)) {
		t->device_hash = hash;
		t->dev = key(a, "dev", acct, hash);
	}
	return 0;
}

/* Seconds until key may try again (0: now), or a negative code. */
static int wait_of(vv_arena_t *a, const char *k)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		a, &err,
		"SELECT GREATEST(0, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), locked_until))"
		" FROM login_throttle WHERE k = ? AND locked_until IS NOT NULL",
		VV_DB_ARGS(VV_DB_S(k)));
	if (!res)
		return err;
	return vv_db_next(res) ? (int)vv_db_int(res, 0, 0) : 0;
}

int vv_throttle_check(vv_req_t *r, const struct vv_throttle *t, int *retry_after)
{
	const char *keys[3] = {t->dev, NULL, NULL};
	if (!t->dev) {
		keys[0] = t->pair;
		keys[1] = t->acct;
		keys[2] = t->addr;
	}
	int most = 0;
	for (size_t i = 0; i < 3 && keys[i]; i++) {
		int w = wait_of(r->arena, keys[i]);
		if (w < 0)
			return w;
		if (w > most)
			most = w;
	}
	*retry_after = most;
	return most > 0 ? VV_CONFLICT : 0;
}

static void fail_one(vv_arena_t *a, const char *k, const char *acct, struct limits l)
{
	/* One statement, so that two workers counting the same key at once
	 * both count: the row lock orders them. Later assignments see the
	 * earlier ones' new values. */
	vv_db_exec(a,
		   "INSERT INTO login_throttle (k, account, failures, window_start, locked_until)"
		   " VALUES (?, ?, 1, UTC_TIMESTAMP(), NULL)"
		   " ON DUPLICATE KEY UPDATE"
		   " failures = IF(window_start < UTC_TIMESTAMP() - INTERVAL ? SECOND, 1, failures + 1),"
		   " window_start = IF(failures = 1, UTC_TIMESTAMP(), window_start),"
		   " locked_until = CASE"
		   "  WHEN ? > 0 AND failures >= ? THEN UTC_TIMESTAMP() + INTERVAL ? SECOND"
		   "  WHEN failures >= ? THEN UTC_TIMESTAMP()"
		   "   + INTERVAL LEAST(POW(2, LEAST(failures - ?, 20)), ?) SECOND"
		   "  ELSE NULL END",
		   VV_DB_ARGS(VV_DB_S(k), VV_DB_S(acct), VV_DB_I(l.window_seconds),
			      VV_DB_I(l.lock_at), VV_DB_I(l.lock_at), VV_DB_I(l.lock_seconds),
			      VV_DB_I(l.slow_after), VV_DB_I(l.slow_after),
			      VV_DB_I(l.cap_seconds)));
}

void vv_throttle_fail(vv_req_t *r, const struct vv_throttle *t)
{
	if (t->dev) {
		fail_one(r->arena, t->dev, t->acct, limits_of('d'));
		return;
	}
	fail_one(r->arena, t->pair, t->acct, limits_of('p'));
	fail_one(r->arena, t->acct, t->acct, limits_of('c'));
	fail_one(r->arena, t->addr, NULL, limits_of('a'));
}

void vv_throttle_success(vv_req_t *r, const struct vv_throttle *t, int64_t user_id, int64_t tenant_id)
{
	vv_arena_t *a = r->arena;
	/* The count from everywhere is left to run out: a guesser elsewhere
	 * must not get fresh tries each time the real user signs in. */
	vv_db_exec(a, "DELETE FROM login_throttle WHERE k IN (?, ?)",
		   VV_DB_ARGS(VV_DB_S(t->pair), VV_DB_S(t->dev ? t->dev : t->pair)));
	if (t->device_hash) {
		vv_db_exec(a,
			   "INSERT INTO login_devices (token_hash, user_id, tenant_id) VALUES (?, ?, ?)"
			   " ON DUPLICATE KEY UPDATE last_used_at = UTC_TIMESTAMP()",
			   VV_DB_ARGS(VV_DB_S(t->device_hash), VV_DB_I(user_id),
				      VV_DB_I(tenant_id)));
		return;
	}
	/* Always a fresh token: one planted in this browser by someone else
	 * must not become a known device of this account. */
	char *token = vv_token_new(a, 32);
	if (!token)
		return;
	if (vv_db_exec(a, "INSERT INTO login_devices (token_hash, user_id, tenant_id) VALUES (?, ?, ?)",
		       VV_DB_ARGS(VV_DB_S(vv_token_hash(a, token)), VV_DB_I(user_id),
				  VV_DB_I(tenant_id))) < 0)
		return;
	long days = vv_conf_int("login", "device_days", 365);
	vv_resp_header(r, "Set-Cookie",
		       vv_sprintf(a, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
				  vv_cookie_name(r, DEVICE_COOKIE), token, days * 86400L,
				  vv_cookie_flags(r)));
}

void vv_login_throttle_clear(vv_arena_t *a, const char *email)
{
	int err = 0;
	const char *acct = account_text(a, email ? email : "", &err);
	if (acct)
		vv_db_exec(a, "DELETE FROM login_throttle WHERE account = ?",
			   VV_DB_ARGS(VV_DB_S(key(a, "acct", acct, NULL))));
}
