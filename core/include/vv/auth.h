/* Identity: passwords, sign-in, sessions and login links.
 *
 * Sessions are random 256-bit tokens in an HttpOnly cookie, stored only as
 * their SHA-256; the core loads the session on every request, so a plugin
 * asks vv_req_role / vv_req_user_id / vv_req_tenant_id and never looks at
 * cookies itself. */
#ifndef VV_AUTH_H
#define VV_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include "vv/arena.h"
#include "vv/req.h"

/* Passwords: 10 to 128 characters. */
#define VV_PASSWORD_MIN 10
#define VV_PASSWORD_MAX 128

/* Hashes password with Argon2id (libargon2, OWASP parameters: 19 MiB,
 * 2 passes, 1 lane, 16-byte random salt) into its encoded string
 * ("$argon2id$v=19$m=19456,t=2,p=1$..."), in arena memory; NULL on failure. */
char *vv_password_hash(vv_arena_t *a, const char *password);

/* True when password matches an encoded Argon2id string. */
bool vv_password_verify(const char *encoded, const char *password);

/* 0 when password is acceptable (length within the limits, valid UTF-8),
 * else VV_INVALID. */
int vv_password_check(const char *password);

/* Changes the signed-in staff member's own password. current is checked
 * and throttled like a sign-in (a wrong one counts for the account and the
 * client address). On success the hash is replaced, every session of the
 * user ends - this one too, which goes on under a new token and CSRF token
 * - and "user.password.change" is audited: 0. VV_INVALID: current is wrong;
 * VV_CONFLICT: too many failures, *retry_after seconds left; VV_FORBIDDEN:
 * not signed in or without a password (customers); VV_ERR also when
 * password fails vv_password_check (check it first, with
 * vv_form_new_password); VV_UNAVAILABLE. Nothing changes on failure. */
int vv_password_change(vv_req_t *r, const char *current, const char *password, int *retry_after);

/* Sets a new password for a staff member of the request's tenant (an
 * admin's reset): every session of theirs ends, their sign-in failures are
 * forgotten, "user.password.reset" is audited with their uuid. 0;
 * VV_NOTFOUND when user_id is no staff member of this tenant; VV_INVALID
 * when password fails vv_password_check. Who may reset whom is the
 * caller's decision. Nothing changes on failure. */
int vv_password_reset(vv_req_t *r, int64_t user_id, const char *password);

/* Role names as stored and shown in URLs: "admin", "operator",
 * "professional", "customer". vv_role_bit returns 0 for an unknown name. */
unsigned vv_role_bit(const char *name);
const char *vv_role_name(unsigned bit);

/* Signs in with e-mail and password. On success starts a new session
 * (a new token, and a new CSRF token) for the request's response and
 * returns 0. Wrong e-mail or password returns VV_INVALID; too many recent
 * failures for the account or the client address returns VV_CONFLICT with
 * *retry_after set to the seconds left. VV_UNAVAILABLE when the database
 * is down. The same work is done for an unknown e-mail as for a known one. */
int vv_login_password(vv_req_t *r, const char *email, const char *password, int *retry_after);

/* What a personal login link's page says (positive answers; 0 is a link
 * that can be used). */
#define VV_LINK_USED 1      /* used already, in some browser */
#define VV_LINK_EXPIRED 2   /* not used within [session] link_unused_days */
#define VV_LINK_SIGNED_IN 3 /* this browser's own session came from it */

/* Looks a login link up without using it (the page GET /login/{token}
 * shows): 0 when it can be used, a VV_LINK_* answer, VV_NOTFOUND (unknown,
 * revoked, or the customer deactivated) or VV_UNAVAILABLE. *name is the
 * customer's, in arena memory, for every answer but VV_NOTFOUND. */
int vv_login_link_check(vv_req_t *r, const char *token, const char **name);

/* Signs in with a personal login link token (the press on its page): uses
 * the link up and starts a long session for the tablet, replacing the
 * browser's session. 0, or what vv_login_link_check answers for a link
 * that cannot be used (nothing changes then). */
int vv_login_link(vv_req_t *r, const char *token);

/* Ends the request's session (the row is deleted, the cookie cleared). */
int vv_logout(vv_req_t *r);

/* Issues a new login link for a customer of the request's tenant, revoking
 * earlier ones. Returns the token (shown once; only its hash is stored),
 * in arena memory; NULL with *err = VV_NOTFOUND when the user is not a
 * customer of this tenant. */
char *vv_login_link_issue(vv_req_t *r, int64_t user_id, int *err);

/* Revokes every login link of a user of the request's tenant and ends the
 * sessions they started. Returns the number revoked, or a negative code. */
int vv_login_link_revoke(vv_req_t *r, int64_t user_id);

/* Ends every session of a user (after a deactivation; vv_password_change
 * and vv_password_reset do it themselves). */
int vv_sessions_end_for_user(vv_req_t *r, int64_t user_id);

/* For routes with VV_ROUTE_OWN_SESSION. vv_session_key is the SHA-256 (64
 * hex, arena memory) of the request's session cookie, or NULL without
 * one: the key of rows that stand for the session and are deleted with it
 * (a foreign key to sessions.id with ON DELETE CASCADE). It proves only
 * that the visitor holds the token; such a row must itself expire no later
 * than the session. vv_session_require does what the core does before
 * every other route: loads the session and checks the route's roles. It
 * returns 0 when the handler may go on, else what the handler returns (a
 * 303 to the sign-in page for an anonymous GET, VV_FORBIDDEN,
 * VV_UNAVAILABLE). The core runs the same function before every route
 * without the flag. */
const char *vv_session_key(vv_req_t *r);
int vv_session_require(vv_req_t *r);
/* When the request's session ends (epoch seconds) unless it is used again:
 * the earlier of its idle and absolute expiry as loaded; 0 when anonymous. */
int64_t vv_session_ends(const vv_req_t *r);

#endif
