/* Provisioning for the hosting provider (R-PO-3): tenants with their
 * contract and policies, and users, every change audited with user_id NULL
 * (the provider has no account). Used by vvctl and by the demo data; not
 * part of the plugin API, which works only inside a signed-in tenant. */
#ifndef VV_PROVISION_H
#define VV_PROVISION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "vv/arena.h"

/* Contract ranges accepted by `vvctl contract set`. */
#define VV_PROV_PARTICIPANTS_MAX 500
#define VV_PROV_MINUTES_MIN 15
#define VV_PROV_MINUTES_MAX 1440
#define VV_PROV_MINUTES_STEP 15
#define VV_PROV_CONCURRENT_MAX 1000

#define VV_PROV_TENANT_NAME_MAX 200 /* characters */
#define VV_PROV_USER_NAME_MAX 100   /* characters */
#define VV_PROV_EMAIL_MAX 254       /* bytes */

/* Input checks. Each returns NULL when the value is acceptable, else a
 * message for the operator (static or in a), e.g. "unknown time zone". */
const char *vv_prov_check_text(vv_arena_t *a, const char *s, size_t max_chars);
const char *vv_prov_check_timezone(vv_arena_t *a, const char *tz);
const char *vv_prov_check_language(const char *lang);
const char *vv_prov_check_role(const char *role);
const char *vv_prov_check_email(const char *email);

/* The e-mail address as stored: ASCII letters lowercased, in a. */
char *vv_prov_email_lower(vv_arena_t *a, const char *email);

struct vv_prov_tenant {
	const char *name;
	const char *timezone; /* NULL: Europe/Helsinki */
	const char *language; /* NULL: fi */
};

/* Creates a tenant with the default contract and policies in one
 * transaction, audited as "tenant.create". 0 with *uuid (arena memory)
 * and *id set; VV_INVALID for input the checks above refuse; or a
 * negative db code. Joins an enclosing vv_db_tx. */
int vv_prov_tenant_create(vv_arena_t *a, const struct vv_prov_tenant *t, char **uuid,
			  int64_t *id);

/* Finds a tenant by uuid or else by exact (case-sensitive) name. Returns
 * its id (> 0), VV_NOTFOUND, VV_CONFLICT (several tenants have the name),
 * VV_UNAVAILABLE or VV_ERR. */
int64_t vv_prov_tenant_find(vv_arena_t *a, const char *uuid_or_name);

/* A change to a contract: negative fields stay as they are. */
struct vv_prov_contract {
	int64_t max_participants;
	int recording;            /* 1 allowed, 0 not */
	int sharing;              /* 1 the tenant is an organiser, 0 not */
	int64_t max_event_minutes;
	int64_t max_concurrent;
};
#define VV_PROV_CONTRACT_KEEP {-1, -1, -1, -1, -1}

/* NULL when every given field is within range, else a message. */
const char *vv_prov_check_contract(vv_arena_t *a, const struct vv_prov_contract *c);

/* Applies c to the tenant's contract; a policy default capacity above a
 * new max_participants is lowered to it in the same transaction. Audited
 * as "contract.set". Returns 1 when the default capacity was lowered, 0
 * when not, VV_INVALID for out-of-range values, or a negative db code. */
int vv_prov_contract_set(vv_arena_t *a, int64_t tenant_id, const struct vv_prov_contract *c);

struct vv_prov_user {
	int64_t tenant_id;
	const char *email;         /* stored lowercased */
	const char *first, *last;
	const char *role;          /* admin, operator, professional, customer */
	const char *language;      /* device language; NULL: the tenant's */
	const char *password_hash; /* Argon2id string; NULL only for customers */
};

/* Creates a user, audited as "user.create". 0 with *uuid (arena memory);
 * VV_CONFLICT when the e-mail exists in the tenant; VV_INVALID for input
 * the checks refuse or a staff user without a password; or a db code. */
int vv_prov_user_create(vv_arena_t *a, const struct vv_prov_user *u, char **uuid);

/* Sets a staff user's password (an operator's reset, e.g. for a locked-out
 * admin): every session of theirs ends, their sign-in failures are
 * forgotten, "user.password.reset" is audited with their uuid (user_id
 * NULL). 0 with *uuid (arena memory) and *ended (sessions ended);
 * VV_NOTFOUND: no user with this e-mail in the tenant; VV_INVALID: the
 * user is a customer (they sign in with login links) or no hash; or a db
 * code. */
int vv_prov_user_password(vv_arena_t *a, int64_t tenant_id, const char *email, const char *hash,
			  const char **uuid, int *ended);

/* Listings for operators, one row a line on out. 0 or a negative db code. */
int vv_prov_tenant_list(vv_arena_t *a, FILE *out);
int vv_prov_user_list(vv_arena_t *a, int64_t tenant_id, FILE *out);
int vv_prov_contract_print(vv_arena_t *a, int64_t tenant_id, FILE *out);

/* Writes s to out padded with spaces to width characters (UTF-8 aware). */
void vv_prov_pad(FILE *out, const char *s, size_t width);

/* partner.c: partnerships (R-TY-4). Two tenants that are partners may
 * share external groups with each other (an organiser among them, by
 * contract); no other tenant is listed on a share page or accepted there.
 *
 * vv_prov_partner_add makes them partners, audited "partner.add" in both
 * logs: 0 made, 1 they were partners already, VV_INVALID for a tenant
 * with itself, VV_NOTFOUND for a tenant that is gone, or a db code. Joins
 * an enclosing vv_db_tx. */
int vv_prov_partner_add(vv_arena_t *a, int64_t tenant_id, int64_t partner_id);

/* Ends the partnership and every share between the two, both ways: the
 * receiving tenant's choices for each group go and its customers leave
 * the group's coming events (vv_access_revoke). Audited "group.unshare"
 * per share in the organiser's log and "partner.remove" in both. 0 with
 * *shares (how many ended), 1 when they were not partners and shared
 * nothing, VV_INVALID for a tenant with itself, or a db code. */
int vv_prov_partner_remove(vv_arena_t *a, int64_t tenant_id, int64_t partner_id, int *shares);

/* With tenant_id > 0 the tenant's partners (uuid, organiser, shares
 * between them, name), else every partnership once (both names, shares,
 * since). 0 or a db code. */
int vv_prov_partner_list(vv_arena_t *a, int64_t tenant_id, FILE *out);

/* demo.c: creates the demo tenants and users (issue #3) in one
 * transaction and prints every sign-in to out. With if_empty nothing is
 * done when any tenant exists. Returns 0 created, 1 skipped, VV_CONFLICT
 * when the demo tenants exist already, or a negative code. */
int vv_demo_create(vv_arena_t *a, bool if_empty, FILE *out);

/* Inside the demo's transaction: tenant's event type assigned to the
 * customers (by e-mail), events today and this week created by the
 * operator with customers enrolled, and a weekly recording; times in tz.
 * 0 or a negative code. (demo_activity.c) */
int vv_demo_activity(vv_arena_t *a, int64_t tenant, const char *tz, const char *operator_email,
		     const char *const *customer_emails, size_t ncust);

#endif
