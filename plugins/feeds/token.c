/* Feed tokens: made, looked at and revoked. Only the SHA-256 is stored
 * (feed_tokens.token_hash), as for sessions: a leaked database gives no
 * working feed address. One live token per user; a new one revokes the
 * old in the same transaction, so two never work at once. */
#include <string.h>
#include "feeds.h"

int vv_feeds_live(vv_arena_t *a, int64_t tenant, int64_t user, int64_t *created)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT UNIX_TIMESTAMP(created_at) FROM feed_tokens"
		" WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
		VV_DB_ARGS(VV_DB_I(tenant), VV_DB_I(user)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return 0;
	if (created)
		*created = vv_db_int(res, 0, 0);
	return 1;
}

struct replace {
	vv_req_t *r;
	int64_t tenant, user, by;
	const char *hash; /* NULL: revoke only */
};

static int replace_tx(vv_arena_t *a, void *ctx)
{
	struct replace *p = ctx;
	int64_t n = vv_db_exec(a,
		"UPDATE feed_tokens SET revoked_at = UTC_TIMESTAMP()"
		" WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL",
		VV_DB_ARGS(VV_DB_I(p->tenant), VV_DB_I(p->user)));
	if (n < 0)
		return (int)n;
	if (p->hash) {
		n = vv_db_exec(a,
			"INSERT INTO feed_tokens (tenant_id, user_id, token_hash, created_by, created_at)"
			" VALUES (?, ?, ?, ?, UTC_TIMESTAMP())",
			VV_DB_ARGS(VV_DB_I(p->tenant), VV_DB_I(p->user), VV_DB_S(p->hash), VV_DB_I(p->by)));
		if (n < 0)
			return (int)n;
	}
	return vv_audit(p->r, p->hash ? "feed.issue" : "feed.revoke",
			vv_sprintf(a, "user=%lld", (long long)p->user));
}

int vv_feeds_replace(vv_req_t *r, int64_t tenant, int64_t user, bool issue, const char **token)
{
	vv_arena_t *a = vv_req_arena(r);
	struct replace p = { .r = r, .tenant = tenant, .user = user, .by = vv_req_user_id(r) };
	const char *t = NULL;
	if (issue) {
		t = vv_token_new(a, VV_FEEDS_TOKEN_BYTES);
		if (!t)
			return VV_ERR;
		p.hash = vv_token_hash(a, t);
	}
	int rc = vv_db_tx(a, replace_tx, &p);
	if (rc < 0)
		return rc;
	if (token)
		*token = t;
	return 0;
}

const char *vv_feeds_url(vv_arena_t *a, const char *token)
{
	const char *base = vv_public_url(a);
	return base ? vv_sprintf(a, "%s/feed/%s/calendar.ics", base, token) : NULL;
}
