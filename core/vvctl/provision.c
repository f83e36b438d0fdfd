/* Tenants, contracts and users as the hosting provider makes them.
 *
 * The checks are strict because what passes here is trusted later: the
 * time zone becomes a path under the zoneinfo directory and a TZ value,
 * names are shown on every page, e-mail addresses go into mail headers. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core.h"
#include "vvctl/provision.h"
#include "vv/form.h"
#include "vv/uuid.h"

#define ZONEINFO "/usr/share/zoneinfo"
#define TZ_NAME_MAX 63 /* tenants.timezone is VARCHAR(64) */

void vv_prov_pad(FILE *out, const char *s, size_t width)
{
	/* Stored text was checked on the way in: count the lead bytes. */
	size_t n = 0;
	for (const char *p = s; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	fputs(s, out);
	for (; n < width; n++)
		fputc(' ', out);
}

const char *vv_prov_check_text(vv_arena_t *a, const char *s, size_t max_chars)
{
	if (!s || !*s)
		return "must not be empty";
	if (!vv_utf8_valid(s, strlen(s)))
		return "is not valid UTF-8";
	/* A newline or tab in a name would break lists and mail headers. */
	long n = vv_utf8_chars(s);
	if (n < 0)
		return "must not contain control characters (newlines, tabs)";
	if (s[strspn(s, " ")] == '\0')
		return "must not be blank";
	if ((size_t)n > max_chars)
		return vv_sprintf(a, "must be at most %zu characters", max_chars);
	return NULL;
}

const char *vv_prov_check_timezone(vv_arena_t *a, const char *tz)
{
	const char *hint = "use an IANA name such as Europe/Helsinki";
	size_t n = tz ? strlen(tz) : 0;
	if (n == 0 || n > TZ_NAME_MAX)
		return vv_sprintf(a, "a time zone is 1 to %d characters; %s", TZ_NAME_MAX, hint);
	for (const char *p = tz; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '_' || c == '+' || c == '-'))
			return vv_sprintf(a, "a time zone has only letters, digits and / _ + -; %s",
					  hint);
	}
	if (tz[0] == '/' || tz[0] == '-' || strstr(tz, "..") || strstr(tz, "//") ||
	    tz[n - 1] == '/')
		return vv_sprintf(a, "not a plain time zone name; %s", hint);
	/* Files in zoneinfo that are not zones a tenant should live in:
	 * leap-second ("right/") and duplicate ("posix/") trees, links to
	 * the host's own setting. */
	if (strncmp(tz, "posix/", 6) == 0 || strncmp(tz, "right/", 6) == 0 ||
	    strcmp(tz, "posixrules") == 0 || strcmp(tz, "localtime") == 0 ||
	    strcmp(tz, "Factory") == 0)
		return vv_sprintf(a, "not a plain time zone name; %s", hint);

	char path[sizeof(ZONEINFO) + TZ_NAME_MAX + 2];
	snprintf(path, sizeof(path), ZONEINFO "/%s", tz);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char magic[4] = {0};
	struct stat st;
	bool ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		  read(fd, magic, 4) == 4 && memcmp(magic, "TZif", 4) == 0;
	if (fd >= 0)
		close(fd);
	if (!ok)
		return vv_sprintf(a, "unknown time zone (not in " ZONEINFO "); %s", hint);
	return NULL;
}

const char *vv_prov_check_language(const char *lang)
{
	if (vv_lang_valid(lang))
		return NULL;
	return "the language is one of fi, sv, en";
}

const char *vv_prov_check_role(const char *role)
{
	static const char *roles[] = {"admin", "operator", "professional", "customer"};
	for (size_t i = 0; role && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(role, roles[i]) == 0)
			return NULL;
	return "the role is one of admin, operator, professional, customer";
}

static bool is_staff(const char *role)
{
	return strcmp(role, "customer") != 0;
}

const char *vv_prov_check_email(const char *email)
{
	const char *bad = "not an e-mail address (like name@example.org)";
	size_t n = email ? strlen(email) : 0;
	if (n == 0)
		return "the e-mail address must not be empty";
	if (n > VV_PROV_EMAIL_MAX)
		return "the e-mail address is longer than 254 characters";
	if (!vv_utf8_valid(email, n))
		return "the e-mail address is not valid UTF-8";
	/* The rules the web forms use: local@domain.tld without spaces or what
	 * ends or quotes an address in a header. */
	if (!vv_email_valid(email))
		return bad;
	return NULL;
}

char *vv_prov_email_lower(vv_arena_t *a, const char *email)
{
	char *s = vv_strdup(a, email);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* --- tenants --- */

struct tenant_tx {
	const struct vv_prov_tenant *t;
	const char *uuid;
	int64_t id;
};

static int tenant_create_tx(vv_arena_t *a, void *ctx)
{
	struct tenant_tx *x = ctx;
	int64_t rc = vv_db_exec(a,
		"INSERT INTO tenants (uuid, name, timezone, language) VALUES (?, ?, ?, ?)",
		VV_DB_ARGS(VV_DB_S(x->uuid), VV_DB_S(x->t->name), VV_DB_S(x->t->timezone),
			   VV_DB_S(x->t->language)));
	if (rc < 0)
		return (int)rc;
	x->id = vv_db_insert_id();
	/* The column defaults are the default contract and policies. */
	rc = vv_db_exec(a, "INSERT INTO contracts (tenant_id) VALUES (?)",
			VV_DB_ARGS(VV_DB_I(x->id)));
	if (rc < 0)
		return (int)rc;
	rc = vv_db_exec(a, "INSERT INTO tenant_policies (tenant_id) VALUES (?)",
			VV_DB_ARGS(VV_DB_I(x->id)));
	if (rc < 0)
		return (int)rc;
	return vv_audit_by(a, x->id, 0, "tenant.create",
		     vv_sprintf(a, "uuid=%s name=%s timezone=%s language=%s", x->uuid, x->t->name,
				x->t->timezone, x->t->language));
}

int vv_prov_tenant_create(vv_arena_t *a, const struct vv_prov_tenant *t, char **uuid,
			  int64_t *id)
{
	struct vv_prov_tenant v = *t;
	if (!v.timezone)
		v.timezone = "Europe/Helsinki";
	if (!v.language)
		v.language = "fi";
	if (vv_prov_check_text(a, v.name, VV_PROV_TENANT_NAME_MAX) ||
	    vv_prov_check_timezone(a, v.timezone) || vv_prov_check_language(v.language))
		return VV_INVALID;
	/* Made outside the transaction so that a retried one keeps it. */
	struct tenant_tx x = {&v, vv_uuid_new(a), 0};
	int rc = vv_db_tx(a, tenant_create_tx, &x);
	if (rc < 0)
		return rc;
	*uuid = (char *)x.uuid;
	*id = x.id;
	return VV_OK;
}

static bool looks_like_uuid(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
					(c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

int64_t vv_prov_tenant_find(vv_arena_t *a, const char *key)
{
	int err = VV_OK;
	vv_db_res_t *res;
	if (!key || !*key)
		return VV_NOTFOUND;
	if (looks_like_uuid(key)) {
		res = vv_db_query(a, &err, "SELECT id FROM tenants WHERE uuid = LOWER(?)",
				  VV_DB_ARGS(VV_DB_S(key)));
		if (!res)
			return err;
		if (vv_db_next(res))
			return vv_db_int(res, 0, VV_ERR);
	}
	/* The table's collation ignores case and accents; an operator's
	 * "exact name" should not. */
	res = vv_db_query(a, &err,
		"SELECT id FROM tenants WHERE name = ? COLLATE utf8mb4_bin ORDER BY id LIMIT 2",
		VV_DB_ARGS(VV_DB_S(key)));
	if (!res)
		return err;
	if (vv_db_rows(res) > 1)
		return VV_CONFLICT;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	return vv_db_int(res, 0, VV_ERR);
}

int vv_prov_tenant_list(vv_arena_t *a, FILE *out)
{
	int err = VV_OK;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT t.uuid, t.timezone, t.language, COALESCE(c.sharing_allowed, 0), t.name "
		"FROM tenants t LEFT JOIN contracts c ON c.tenant_id = t.id ORDER BY t.name, t.id",
		VV_DB_NONE);
	if (!res)
		return err;
	fprintf(out, "%-36s  %-9s  %-20s  %-4s  %s\n", "UUID", "ORGANISER", "TIME ZONE", "LANG",
		"NAME");
	while (vv_db_next(res))
		fprintf(out, "%-36s  %-9s  %-20s  %-4s  %s\n", vv_db_str(res, 0),
			vv_db_int(res, 3, 0) ? "yes" : "no", vv_db_str(res, 1), vv_db_str(res, 2),
			vv_db_str(res, 4));
	return VV_OK;
}

/* --- contracts --- */

const char *vv_prov_check_contract(vv_arena_t *a, const struct vv_prov_contract *c)
{
	if (c->max_participants >= 0 &&
	    (c->max_participants < 1 || c->max_participants > VV_PROV_PARTICIPANTS_MAX))
		return vv_sprintf(a, "--max-participants is 1 to %d", VV_PROV_PARTICIPANTS_MAX);
	if (c->max_event_minutes >= 0 &&
	    (c->max_event_minutes < VV_PROV_MINUTES_MIN || c->max_event_minutes > VV_PROV_MINUTES_MAX ||
	     c->max_event_minutes % VV_PROV_MINUTES_STEP != 0))
		return vv_sprintf(a, "--max-event-minutes is %d to %d in steps of %d",
				  VV_PROV_MINUTES_MIN, VV_PROV_MINUTES_MAX, VV_PROV_MINUTES_STEP);
	if (c->max_concurrent >= 0 && (c->max_concurrent < 1 || c->max_concurrent > VV_PROV_CONCURRENT_MAX))
		return vv_sprintf(a, "--max-concurrent is 1 to %d", VV_PROV_CONCURRENT_MAX);
	if (c->recording > 1 || c->sharing > 1)
		return "--recording and --sharing are yes or no";
	return NULL;
}

struct contract_tx {
	int64_t tenant_id;
	const struct vv_prov_contract *c;
};

static int contract_set_tx(vv_arena_t *a, void *ctx)
{
	struct contract_tx *x = ctx;
	const struct vv_prov_contract *c = x->c;
	int lowered = 0;
	/* A tenant made before its contract existed gets the defaults first. */
	int64_t rc = vv_db_exec(a,
		"INSERT INTO contracts (tenant_id) VALUES (?) "
		"ON DUPLICATE KEY UPDATE tenant_id = tenant_id", VV_DB_ARGS(VV_DB_I(x->tenant_id)));
	if (rc < 0)
		return (int)rc;
	rc = vv_db_exec(a,
		"UPDATE contracts SET "
		"max_participants = IF(? = 1, ?, max_participants), "
		"recording_allowed = IF(? = 1, ?, recording_allowed), "
		"sharing_allowed = IF(? = 1, ?, sharing_allowed), "
		"max_event_minutes = IF(? = 1, ?, max_event_minutes), "
		"max_concurrent_events = IF(? = 1, ?, max_concurrent_events), "
		"updated_at = CURRENT_TIMESTAMP WHERE tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(c->max_participants >= 0), VV_DB_I(c->max_participants),
			   VV_DB_I(c->recording >= 0), VV_DB_I(c->recording),
			   VV_DB_I(c->sharing >= 0), VV_DB_I(c->sharing),
			   VV_DB_I(c->max_event_minutes >= 0), VV_DB_I(c->max_event_minutes),
			   VV_DB_I(c->max_concurrent >= 0), VV_DB_I(c->max_concurrent),
			   VV_DB_I(x->tenant_id)));
	if (rc < 0)
		return (int)rc;
	/* Sharing turned off ends what it allowed: every share of the tenant's
	 * groups, the receiving tenants' customers out of the coming events
	 * (their queues moving up), each audited. After the UPDATE above, whose
	 * lock a share being saved at this moment waits for (or this for it:
	 * vv_care_group_shares reads the row under a shared lock). */
	int ended = 0;
	if (c->sharing == 0) {
		int e = vv_care_end_shares(a, x->tenant_id, 0, "sharing turned off", &ended);
		if (e < 0)
			return e;
	}
	if (c->max_participants >= 0) {
		rc = vv_db_exec(a,
			"INSERT INTO tenant_policies (tenant_id) VALUES (?) "
			"ON DUPLICATE KEY UPDATE tenant_id = tenant_id",
			VV_DB_ARGS(VV_DB_I(x->tenant_id)));
		if (rc < 0)
			return (int)rc;
		rc = vv_db_exec(a,
			"UPDATE tenant_policies SET default_capacity = ?, updated_at = CURRENT_TIMESTAMP "
			"WHERE tenant_id = ? AND default_capacity > ?",
			VV_DB_ARGS(VV_DB_I(c->max_participants), VV_DB_I(x->tenant_id),
				   VV_DB_I(c->max_participants)));
		if (rc < 0)
			return (int)rc;
		lowered = rc > 0;
	}
	char *d = vv_strdup(a, "");
	if (c->max_participants >= 0)
		d = vv_sprintf(a, "%s max_participants=%lld", d, (long long)c->max_participants);
	if (c->recording >= 0)
		d = vv_sprintf(a, "%s recording=%s", d, c->recording ? "yes" : "no");
	if (c->sharing >= 0)
		d = vv_sprintf(a, "%s sharing=%s", d, c->sharing ? "yes" : "no");
	if (c->max_event_minutes >= 0)
		d = vv_sprintf(a, "%s max_event_minutes=%lld", d, (long long)c->max_event_minutes);
	if (c->max_concurrent >= 0)
		d = vv_sprintf(a, "%s max_concurrent=%lld", d, (long long)c->max_concurrent);
	if (lowered)
		d = vv_sprintf(a, "%s (default_capacity lowered to %lld)", d,
			       (long long)c->max_participants);
	if (ended)
		d = vv_sprintf(a, "%s (shares ended: %d)", d, ended);
	rc = vv_audit_by(a, x->tenant_id, 0, "contract.set", *d ? d + 1 : d);
	return rc < 0 ? (int)rc : lowered;
}

int vv_prov_contract_set(vv_arena_t *a, int64_t tenant_id, const struct vv_prov_contract *c)
{
	if (vv_prov_check_contract(a, c))
		return VV_INVALID;
	struct contract_tx x = {tenant_id, c};
	return vv_db_tx(a, contract_set_tx, &x);
}

int vv_prov_contract_print(vv_arena_t *a, int64_t tenant_id, FILE *out)
{
	int err = VV_OK;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT c.max_participants, c.recording_allowed, c.sharing_allowed, "
		"c.max_event_minutes, c.max_concurrent_events, p.default_capacity "
		"FROM contracts c LEFT JOIN tenant_policies p ON p.tenant_id = c.tenant_id "
		"WHERE c.tenant_id = ?", VV_DB_ARGS(VV_DB_I(tenant_id)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	fprintf(out,
		"max participants %lld, recording %s, sharing %s, longest event %lld min, "
		"concurrent events %lld; policy default capacity %lld\n",
		(long long)vv_db_int(res, 0, 0), vv_db_int(res, 1, 0) ? "yes" : "no",
		vv_db_int(res, 2, 0) ? "yes" : "no", (long long)vv_db_int(res, 3, 0),
		(long long)vv_db_int(res, 4, 0), (long long)vv_db_int(res, 5, 0));
	return VV_OK;
}

/* --- users --- */

struct user_tx {
	const struct vv_prov_user *u;
	const char *uuid, *email;
};

static int user_create_tx(vv_arena_t *a, void *ctx)
{
	struct user_tx *x = ctx;
	const struct vv_prov_user *u = x->u;
	int64_t rc = vv_db_exec(a,
		"INSERT INTO users (uuid, tenant_id, email, first_name, last_name, role, language, "
		"password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		VV_DB_ARGS(VV_DB_S(x->uuid), VV_DB_I(u->tenant_id), VV_DB_S(x->email),
			   VV_DB_S(u->first), VV_DB_S(u->last), VV_DB_S(u->role),
			   VV_DB_S(u->language), VV_DB_S(u->password_hash)));
	if (rc < 0)
		return (int)rc;
	return vv_audit_by(a, u->tenant_id, 0, "user.create",
		     vv_sprintf(a, "uuid=%s role=%s email=%s", x->uuid, u->role, x->email));
}

int vv_prov_user_create(vv_arena_t *a, const struct vv_prov_user *u, char **uuid)
{
	if (vv_prov_check_email(u->email) ||
	    vv_prov_check_text(a, u->first, VV_PROV_USER_NAME_MAX) ||
	    vv_prov_check_text(a, u->last, VV_PROV_USER_NAME_MAX) || vv_prov_check_role(u->role) ||
	    (u->language && vv_prov_check_language(u->language)) ||
	    (!u->password_hash && is_staff(u->role)))
		return VV_INVALID;
	struct user_tx x = {u, vv_uuid_new(a), vv_prov_email_lower(a, u->email)};
	int rc = vv_db_tx(a, user_create_tx, &x);
	if (rc < 0)
		return rc;
	*uuid = (char *)x.uuid;
	return VV_OK;
}

struct password_tx {
	int64_t tenant_id;
	const char *email, *hash;
	const char *uuid; /* out */
	int ended;        /* out: sessions ended */
};

static int user_password_tx(vv_arena_t *a, void *ctx)
{
	struct password_tx *x = ctx;
	int err = VV_OK;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, uuid, role FROM users WHERE tenant_id = ? AND email = ? FOR UPDATE",
		VV_DB_ARGS(VV_DB_I(x->tenant_id), VV_DB_S(x->email)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	int64_t id = vv_db_int(res, 0, 0);
	x->uuid = vv_db_str(res, 1);
	if (!is_staff(vv_db_str(res, 2)))
		return VV_INVALID;
	int n = vv_password_replace(a, x->tenant_id, id, x->hash);
	if (n < 0)
		return n;
	x->ended = n;
	return vv_audit_by(a, x->tenant_id, 0, "user.password.reset",
			   vv_sprintf(a, "user=%s", x->uuid));
}

int vv_prov_user_password(vv_arena_t *a, int64_t tenant_id, const char *email, const char *hash,
			  const char **uuid, int *ended)
{
	if (vv_prov_check_email(email) || !hash)
		return VV_INVALID;
	struct password_tx x = {tenant_id, vv_prov_email_lower(a, email), hash, NULL, 0};
	int rc = vv_db_tx(a, user_password_tx, &x);
	if (rc < 0) {
		*uuid = x.uuid; /* names the customer for VV_INVALID */
		return rc;
	}
	/* An operator's reset is usually for someone locked out. */
	vv_login_throttle_clear(a, x.email);
	*uuid = x.uuid;
	*ended = x.ended;
	return VV_OK;
}

int vv_prov_user_list(vv_arena_t *a, int64_t tenant_id, FILE *out)
{
	int err = VV_OK;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT uuid, role, active, email, first_name, last_name FROM users "
		"WHERE tenant_id = ? "
		"ORDER BY FIELD(role, 'admin', 'operator', 'professional', 'customer'), "
		"last_name, first_name, id",
		VV_DB_ARGS(VV_DB_I(tenant_id)));
	if (!res)
		return err;
	fprintf(out, "%-36s  %-12s  %-6s  ", "UUID", "ROLE", "ACTIVE");
	vv_prov_pad(out, "E-MAIL", 36);
	fprintf(out, "  NAME\n");
	while (vv_db_next(res)) {
		fprintf(out, "%-36s  %-12s  %-6s  ", vv_db_str(res, 0), vv_db_str(res, 1),
			vv_db_int(res, 2, 0) ? "yes" : "no");
		vv_prov_pad(out, vv_db_str(res, 3), 36);
		fprintf(out, "  %s %s\n", vv_db_str(res, 4), vv_db_str(res, 5));
	}
	return VV_OK;
}
