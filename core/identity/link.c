/* Personal login links: a customer's tablet signs in without a password.
 *
 * A link is for one device and a short while: it works once (the first
 * press of "Kirjaudu sisään" on its page uses it up), and only within
 * [session] link_unused_days of being issued. Opening it (GET) only shows
 * whose link it is and the button: a link previewer or a staff member's
 * browser that opens it signs nobody in and loses no session. The tablet
 * then stays signed in by its session ([session] link_* lifetimes); a new
 * link, or revoking, ends those sessions. */
#include <string.h>
#include "core.h"

struct link_row {
	int64_t id, user_id, tenant_id;
	bool used, expired;
	const char *name;
};

/* The link behind token, whoever may see it. 0, VV_NOTFOUND (unknown,
 * revoked, or its customer deactivated) or a db code. */
static int find(vv_req_t *r, const char *token, struct link_row *l)
{
	if (!token || strlen(token) > 128)
		return VV_NOTFOUND;
	int err = 0;
	vv_db_res_t *res = vv_db_query(
		r->arena, &err,
		"SELECT l.id, l.user_id, l.tenant_id, l.used_at IS NOT NULL,"
		" l.created_at <= UTC_TIMESTAMP() - INTERVAL ? DAY, CONCAT(u.first_name, ' ', u.last_name)"
		" FROM login_links l JOIN users u ON u.id = l.user_id AND u.tenant_id = l.tenant_id"
		" WHERE l.token_hash = ? AND l.revoked_at IS NULL AND u.active = 1",
		VV_DB_ARGS(VV_DB_I(vv_conf_int("session", "link_unused_days", 14)),
			   VV_DB_S(vv_token_hash(r->arena, token))));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	l->id = vv_db_int(res, 0, 0);
	l->user_id = vv_db_int(res, 1, 0);
	l->tenant_id = vv_db_int(res, 2, 0);
	l->used = vv_db_int(res, 3, 0) != 0;
	l->expired = vv_db_int(res, 4, 0) != 0;
	l->name = vv_db_str(res, 5);
	return 0;
}

/* True when the request's own session was started with this link: the
 * tablet opened its link again (a bookmark on its home screen). */
static bool own_session(vv_req_t *r, int64_t link_id)
{
	if (!r->session_id)
		return false;
	int err = 0;
	vv_db_res_t *res = vv_db_query(r->arena, &err,
				       "SELECT 1 FROM sessions WHERE id = ? AND login_link_id = ?",
				       VV_DB_ARGS(VV_DB_I(r->session_id), VV_DB_I(link_id)));
	return res && vv_db_next(res);
}

int vv_login_link_check(vv_req_t *r, const char *token, const char **name)
{
	struct link_row l;
	int rc = find(r, token, &l);
	if (rc < 0)
		return rc;
	*name = l.name;
	if (own_session(r, l.id))
		return VV_LINK_SIGNED_IN;
	if (l.used)
		return VV_LINK_USED;
	return l.expired ? VV_LINK_EXPIRED : VV_OK;
}

int vv_login_link(vv_req_t *r, const char *token)
{
	struct link_row l;
	int rc = find(r, token, &l);
	if (rc < 0)
		return rc;
	if (own_session(r, l.id))
		return VV_LINK_SIGNED_IN;
	if (l.used)
		return VV_LINK_USED;
	if (l.expired)
		return VV_LINK_EXPIRED;
	/* Used up in one statement: of two presses at once, one wins. */
	int64_t n = vv_db_exec(r->arena,
			       "UPDATE login_links SET used_at = UTC_TIMESTAMP(), last_used_at = UTC_TIMESTAMP()"
			       " WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL",
			       VV_DB_ARGS(VV_DB_I(l.id)));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return VV_LINK_USED;
	rc = vv_session_start(r, l.user_id, l.tenant_id, "link", l.id);
	if (rc < 0) {
		/* No session, so the link is not used up: the press can be repeated. */
		vv_db_exec(r->arena, "UPDATE login_links SET used_at = NULL WHERE id = ?",
			   VV_DB_ARGS(VV_DB_I(l.id)));
		return rc;
	}
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

