/* The demo of issue #3: a municipality with its staff and customers, and
 * an eCare-event organiser, so that `make run` has someone to sign in as.
 * The two are partners (core/partner.c), so the organiser's share page
 * offers the municipality.
 *
 * Passwords are generated for every run, never fixed in the source: a
 * demo database that ends up reachable must not open with a published
 * password. They are printed once and stored only as Argon2id hashes. */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include "core.h"
#include "vvctl/provision.h"

struct demo_user {
	const char *email, *first, *last, *role, *language;
};

struct demo_tenant {
	const char *name, *timezone, *language;
	struct vv_prov_contract contract;
	const struct demo_user *users;
	size_t nusers;
};

static const struct demo_user kunta_users[] = {
	{"admin@esimerkkikunta.example", "Aino", "Virtanen", "admin", NULL},
	{"operaattori1@esimerkkikunta.example", "Mikko", "Korhonen", "operator", NULL},
	{"operaattori2@esimerkkikunta.example", "Liisa", "Mäkinen", "operator", NULL},
	{"ammattilainen@esimerkkikunta.example", "Juha", "Nieminen", "professional", NULL},
	{"asiakas1@esimerkkikunta.example", "Eino", "Laine", "customer", "fi"},
	{"asiakas2@esimerkkikunta.example", "Helmi", "Heikkinen", "customer", "fi"},
	{"asiakas3@esimerkkikunta.example", "Ingrid", "Lindholm", "customer", "sv"},
	{"asiakas4@esimerkkikunta.example", "Toivo", "Koskinen", "customer", "fi"},
	{"asiakas5@esimerkkikunta.example", "Sylvi", "Hämäläinen", "customer", "en"},
};

static const struct demo_user jarjestaja_users[] = {
	{"admin@jarjestaja.example", "Kaisa", "Järvinen", "admin", NULL},
	{"operaattori@jarjestaja.example", "Pekka", "Lehtonen", "operator", NULL},
};

#define N(x) (sizeof(x) / sizeof((x)[0]))

static const struct demo_tenant demo[] = {
	{"Esimerkkikunta", "Europe/Helsinki", "fi", {25, 1, 0, -1, -1}, kunta_users, N(kunta_users)},
	{"Järjestäjä Oy", "Europe/Helsinki", "fi", {-1, -1, 1, -1, -1}, jarjestaja_users,
	 N(jarjestaja_users)},
};

#define NUSERS (N(kunta_users) + N(jarjestaja_users))
#define PW_LEN 14 /* xxxx-xxxx-xxxx: 12 random characters, 60 bits */

/* 32 characters without 0/o, 1/l: 256 is a multiple of 32, so byte & 31
 * picks without bias. */
static const char pw_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

static char *demo_password(vv_arena_t *a)
{
	unsigned char raw[12];
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return NULL;
	char *pw = vv_alloc(a, PW_LEN + 1);
	size_t j = 0;
	for (size_t i = 0; i < sizeof(raw); i++) {
		if (i && i % 4 == 0)
			pw[j++] = '-';
		pw[j++] = pw_alphabet[raw[i] & 31];
	}
	pw[j] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return pw;
}

struct demo_ctx {
	bool if_empty;
	const char *passwords[NUSERS]; /* NULL for customers */
	const char *hashes[NUSERS];
};

static int tenants_exist(vv_arena_t *a)
{
	int err = VV_OK;
	vv_db_res_t *res = vv_db_query(a, &err, "SELECT 1 FROM tenants LIMIT 1", VV_DB_NONE);
	return res ? vv_db_next(res) : err;
}

static int demo_exists(vv_arena_t *a)
{
	for (size_t t = 0; t < N(demo); t++) {
		int64_t id = vv_prov_tenant_find(a, demo[t].name);
		if (id != VV_NOTFOUND)
			return id < 0 && id != VV_CONFLICT ? (int)id : 1;
	}
	return 0;
}

static int demo_tx(vv_arena_t *a, void *ctx)
{
	struct demo_ctx *x = ctx;
	/* Checked again inside the transaction: two `make run`s at once. */
	int e = x->if_empty ? tenants_exist(a) : demo_exists(a);
	if (e != 0)
		return e < 0 ? e : (x->if_empty ? 1 : VV_CONFLICT);
	size_t k = 0;
	int64_t ids[N(demo)];
	for (size_t t = 0; t < N(demo); t++) {
		const struct demo_tenant *d = &demo[t];
		struct vv_prov_tenant pt = {d->name, d->timezone, d->language};
		char *uuid;
		int64_t id;
		int rc = vv_prov_tenant_create(a, &pt, &uuid, &id);
		if (rc < 0)
			return rc;
		ids[t] = id;
		if ((rc = vv_prov_contract_set(a, id, &d->contract)) < 0)
			return rc;
		for (size_t i = 0; i < d->nusers; i++, k++) {
			const struct demo_user *du = &d->users[i];
			struct vv_prov_user u = {id, du->email, du->first, du->last, du->role,
						 du->language, x->hashes[k]};
			if ((rc = vv_prov_user_create(a, &u, &uuid)) < 0)
				return rc;
		}
	}
	int rc = vv_prov_partner_add(a, ids[0], ids[1]);
	if (rc < 0)
		return rc;
	/* Something happening: a type, events, a recording (demo_activity.c). */
	const char *customers[N(kunta_users)];
	size_t nc = 0;
	for (size_t i = 0; i < N(kunta_users); i++)
		if (strcmp(kunta_users[i].role, "customer") == 0)
			customers[nc++] = kunta_users[i].email;
	rc = vv_demo_activity(a, ids[0], demo[0].timezone, kunta_users[1].email, customers, nc);
	return rc < 0 ? rc : 0;
}

static void print_logins(FILE *out, const struct demo_ctx *x)
{
	fprintf(out, "Demo sign-ins (staff at /fi/login; passwords are shown only now):\n\n");
	vv_prov_pad(out, "TENANT", 16);
	vv_prov_pad(out, "  ROLE", 14);
	vv_prov_pad(out, "  E-MAIL", 40);
	fprintf(out, "  PASSWORD\n");
	size_t k = 0;
	for (size_t t = 0; t < N(demo); t++) {
		for (size_t i = 0; i < demo[t].nusers; i++, k++) {
			const struct demo_user *du = &demo[t].users[i];
			vv_prov_pad(out, demo[t].name, 16);
			fputs("  ", out);
			vv_prov_pad(out, du->role, 12);
			fputs("  ", out);
			vv_prov_pad(out, du->email, 38);
			fprintf(out, "  %s\n", x->passwords[k] ? x->passwords[k]
					: "(login link from the admin's customer page)");
		}
	}
}

int vv_demo_create(vv_arena_t *a, bool if_empty, FILE *out)
{
	struct demo_ctx x = {.if_empty = if_empty};
	/* Cheap check first, so a second `make run` does not hash passwords. */
	int e = if_empty ? tenants_exist(a) : demo_exists(a);
	if (e < 0)
		return e;
	if (e > 0)
		return if_empty ? 1 : VV_CONFLICT;
	/* Hashing (tens of ms each) stays outside the transaction, which
	 * may run more than once. */
	size_t k = 0;
	for (size_t t = 0; t < N(demo); t++) {
		for (size_t i = 0; i < demo[t].nusers; i++, k++) {
			if (strcmp(demo[t].users[i].role, "customer") == 0)
				continue;
			if (!(x.passwords[k] = demo_password(a)) ||
			    !(x.hashes[k] = vv_password_hash(a, x.passwords[k])))
				return VV_ERR;
		}
	}
	int rc = vv_db_tx(a, demo_tx, &x);
	if (rc == 0)
		print_logins(out, &x);
	return rc;
}
