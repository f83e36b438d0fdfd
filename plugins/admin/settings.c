/* Asetukset (R-PO-2): the tenant admin's policies, within the contract
 * (R-PO-1), which is shown read-only beside them. The time zone is chosen
 * from the system's list (zones.c). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "admin.h"

#define ZONEINFO "/usr/share/zoneinfo/"

struct settings {
	const char *hangup;     /* "1" or "2" */
	const char *end_policy; /* VV_END_* */
	const char *capacity;
	const char *warning;
	const char *timezone;
	const char *language;
	const char *link_days;  /* days a tablet stays signed in unused */
	const char *reminder;   /* minutes before the start participants are reminded, 0 none */
	const char *room_open;  /* minutes before the start the call's room (its lobby) opens */
};

/* The reminder choices offered (minutes; 0: none) and the room's opening
 * range: from a minute to an hour before. */
static const int64_t reminder_choices[] = { 0, 15, 60, 1440 };
#define ROOM_OPEN_MAX 60

/* The provider's ceiling for link_days ([session] link_idle_days). */
static int64_t link_days_max(void)
{
	int64_t m = vv_conf_int("session", "link_idle_days", 90);
	return m > 0 ? m : 1;
}

/* The tenant's link_days (tenant_policies, 90 without a row), within the
 * ceiling as the session core applies it. 0 or a db code. */
static int link_days_get(vv_req_t *r, int64_t *out)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
				       "SELECT link_idle_days FROM tenant_policies WHERE tenant_id = ?",
				       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err;
	int64_t d = vv_db_next(res) ? vv_db_int(res, 0, 90) : 90;
	*out = d > link_days_max() ? link_days_max() : d;
	return 0;
}

/* The tenant's reminder and room opening minutes (018_reminder_lobby
 * defaults without a row). 0 or a db code. */
static int times_get(vv_req_t *r, int64_t *reminder, int64_t *room_open)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
				       "SELECT reminder_minutes, room_open_minutes FROM tenant_policies"
				       " WHERE tenant_id = ?",
				       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err;
	bool row = vv_db_next(res);
	*reminder = row ? vv_db_int(res, 0, 0) : 0;
	*room_open = row ? vv_db_int(res, 1, 5) : 5;
	return 0;
}

static bool reminder_ok(const char *v, int64_t *out)
{
	if (!vv_admin_int(v, 0, 1440, out))
		return false;
	for (size_t i = 0; i < sizeof(reminder_choices) / sizeof(reminder_choices[0]); i++)
		if (*out == reminder_choices[i])
			return true;
	return false;
}

/* An IANA zone name the C library can load: safe characters only (no
 * "..", no leading "/"), and a TZif file under the zoneinfo directory. */
static bool tz_file_ok(const char *tz)
{
	size_t n = strlen(tz);
	if (n == 0 || n > 64 || tz[0] == '/' || tz[n - 1] == '/' || strstr(tz, "//"))
		return false;
	for (const char *p = tz; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '+' || c == '/'))
			return false;
	}
	char path[sizeof(ZONEINFO) + 64];
	snprintf(path, sizeof(path), ZONEINFO "%s", tz);
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char magic[4] = {0};
	bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

/* A zone of the list. The tenant's current zone is kept although the list
 * lacks it (set with vvctl, or renamed by a tzdata upgrade) as long as the
 * system can still load it; any loadable zone passes when the system has
 * no list at all. */
static bool zone_ok(vv_req_t *r, const char *tz)
{
	size_t n;
	vv_admin_zones(&n);
	if (vv_admin_zone_listed(tz))
		return true;
	const char *current = vv_tenant_tz(r);
	return (n == 0 || (current && strcmp(current, tz) == 0)) && tz_file_ok(tz);
}

static bool end_policy_ok(const char *p)
{
	return p && (strcmp(p, VV_END_CREATOR) == 0 || strcmp(p, VV_END_STAFF) == 0 ||
		     strcmp(p, VV_END_CREATOR_ADMIN) == 0);
}

/* Puts the contract and the (current or submitted) settings on the page. */
static void settings_page(vv_req_t *r, const struct vv_contract *c, const struct settings *s)
{
	xmlNodePtr page = vv_page(r);
	xmlNodePtr ct = vv_xml_add(page, "contract");
	vv_xml_attr_int(ct, "max-participants", c->max_participants);
	vv_xml_attr(ct, "recording", c->recording_allowed ? "1" : "0");
	vv_xml_attr(ct, "sharing", c->sharing_allowed ? "1" : "0");
	vv_xml_attr_int(ct, "max-minutes", c->max_event_minutes);
	vv_xml_attr_int(ct, "max-concurrent", c->max_concurrent_events);
	xmlNodePtr st = vv_xml_add(page, "settings");
	vv_xml_attr(st, "hangup", s->hangup);
	vv_xml_attr(st, "end-policy", s->end_policy);
	vv_xml_attr(st, "capacity", s->capacity);
	vv_xml_attr(st, "warning", s->warning);
	vv_xml_attr(st, "timezone", s->timezone);
	vv_xml_attr(st, "language", s->language);
	vv_xml_attr(st, "link-days", s->link_days);
	vv_xml_attr_int(st, "link-days-max", link_days_max());
	vv_xml_attr(st, "reminder", s->reminder);
	vv_xml_attr(st, "room-open", s->room_open);
	vv_xml_attr_int(st, "room-open-max", ROOM_OPEN_MAX);
	/* The choices; the stylesheet adds the value shown when it is none of them. */
	size_t n;
	const char *const *names = vv_admin_zones(&n);
	xmlNodePtr zl = vv_xml_add(page, "zones");
	for (size_t i = 0; i < n; i++)
		vv_xml_attr(vv_xml_add(zl, "zone"), "name", names[i]);
}

/* What runs: the version, and each component's schema version (the
 * highest migration applied), for the provider when the admin asks. A
 * database that does not answer here only leaves the list out. */
static void about(vv_req_t *r)
{
	xmlNodePtr ab = vv_xml_add(vv_page(r), "about");
	vv_xml_attr(ab, "version", vv_version());
	int err;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
				       "SELECT component, MAX(version) FROM schema_migrations"
				       " GROUP BY component ORDER BY component = 'core' DESC, component",
				       VV_DB_NONE);
	while (res && vv_db_next(res)) {
		xmlNodePtr sc = vv_xml_add(ab, "schema");
		vv_xml_attr(sc, "component", vv_db_str(res, 0));
		vv_xml_attr(sc, "version", vv_sprintf(vv_req_arena(r), "%lld", (long long)vv_db_int(res, 1, 0)));
	}
}

int vv_admin_settings_form(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_contract c;
	struct vv_policy p;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc;
	rc = vv_policy_get(r, &p);
	if (rc < 0)
		return rc;
	int64_t link_days = 0;
	rc = link_days_get(r, &link_days);
	if (rc < 0)
		return rc;
	int64_t reminder = 0, room_open = 0;
	rc = times_get(r, &reminder, &room_open);
	if (rc < 0)
		return rc;
	struct settings s = {
		.reminder = vv_sprintf(a, "%lld", (long long)reminder),
		.room_open = vv_sprintf(a, "%lld", (long long)room_open),
		.link_days = vv_sprintf(a, "%lld", (long long)link_days),
		.hangup = p.hangup_presses == 1 ? "1" : "2",
		.end_policy = p.end_policy,
		.capacity = vv_sprintf(a, "%lld", (long long)p.default_capacity),
		.warning = vv_sprintf(a, "%lld", (long long)p.warning_minutes),
		.timezone = vv_tenant_tz(r),
		.language = vv_tenant_language(r),
	};
	vv_admin_flash(r);
	settings_page(r, &c, &s);
	about(r);
	return 200;
}

struct save_ctx {
	vv_req_t *r;
	const struct settings *s;
	int64_t hangup, capacity, warning, link_days, reminder, room_open;
};

static int save_tx(vv_arena_t *a, void *p)
{
	struct save_ctx *c = p;
	const int64_t tenant = vv_req_tenant_id(c->r);
	int64_t n = vv_db_exec(a,
		"INSERT INTO tenant_policies (tenant_id, hangup_presses, end_policy, default_capacity,"
		" warning_minutes, link_idle_days, reminder_minutes, room_open_minutes, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())"
		" ON DUPLICATE KEY UPDATE hangup_presses = VALUES(hangup_presses),"
		" end_policy = VALUES(end_policy), default_capacity = VALUES(default_capacity),"
		" warning_minutes = VALUES(warning_minutes), link_idle_days = VALUES(link_idle_days),"
		" reminder_minutes = VALUES(reminder_minutes), room_open_minutes = VALUES(room_open_minutes),"
		" updated_at = VALUES(updated_at)",
		VV_DB_ARGS(VV_DB_I(tenant), VV_DB_I(c->hangup), VV_DB_S(c->s->end_policy),
			   VV_DB_I(c->capacity), VV_DB_I(c->warning), VV_DB_I(c->link_days),
			   VV_DB_I(c->reminder), VV_DB_I(c->room_open)));
	if (n < 0)
		return (int)n;
	/* A shorter lifetime holds for the tablets signed in already: each
	 * ends that many days after it was last seen, not after the old
	 * lifetime (a longer one comes with their next request). */
	n = vv_db_exec(a,
		       "UPDATE sessions SET idle_expires_at = LEAST(idle_expires_at, last_seen + INTERVAL ? DAY)"
		       " WHERE tenant_id = ? AND kind = 'link'",
		       VV_DB_ARGS(VV_DB_I(c->link_days), VV_DB_I(tenant)));
	if (n < 0)
		return (int)n;
	n = vv_db_exec(a, "UPDATE tenants SET timezone = ?, language = ? WHERE id = ?",
		       VV_DB_ARGS(VV_DB_S(c->s->timezone), VV_DB_S(c->s->language),
				  VV_DB_I(tenant)));
	if (n < 0)
		return (int)n;
	/* The alarm's copies chose event names by the tenant's language. */
	int rc = vv_tenant_changed(a, tenant);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "tenant.settings",
			vv_sprintf(a, "hangup=%lld end=%s capacity=%lld warning=%lld tz=%s lang=%s link_days=%lld"
				   " reminder=%lld room_open=%lld",
				   (long long)c->hangup, c->s->end_policy, (long long)c->capacity,
				   (long long)c->warning, c->s->timezone, c->s->language,
				   (long long)c->link_days, (long long)c->reminder, (long long)c->room_open));
}

static const char *form_or_empty(vv_req_t *r, const char *name)
{
	const char *v = vv_req_form(r, name);
	return v ? v : "";
}

int vv_admin_settings_post(vv_req_t *r)
{
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc < 0)
		return rc;
	struct settings s = {
		.hangup = form_or_empty(r, "hangup"),
		.end_policy = form_or_empty(r, "end_policy"),
		.capacity = form_or_empty(r, "capacity"),
		.warning = form_or_empty(r, "warning"),
		.timezone = form_or_empty(r, "timezone"),
		.language = form_or_empty(r, "language"),
		.link_days = vv_req_form(r, "link_days"),
		.reminder = vv_req_form(r, "reminder"),
		.room_open = vv_req_form(r, "room_open"),
	};
	/* A form from before the field (a script, a page open across the
	 * upgrade) keeps the current lifetime; an empty field is an error. */
	if (!s.link_days) {
		int64_t d = 0;
		rc = link_days_get(r, &d);
		if (rc < 0)
			return rc;
		s.link_days = vv_sprintf(vv_req_arena(r), "%lld", (long long)d);
	}
	/* Likewise the reminder and the room's opening. */
	if (!s.reminder || !s.room_open) {
		int64_t rm = 0, ro = 0;
		rc = times_get(r, &rm, &ro);
		if (rc < 0)
			return rc;
		if (!s.reminder)
			s.reminder = vv_sprintf(vv_req_arena(r), "%lld", (long long)rm);
		if (!s.room_open)
			s.room_open = vv_sprintf(vv_req_arena(r), "%lld", (long long)ro);
	}
	struct save_ctx x = {r, &s, 0, 0, 0, 0, 0, 0};
	if (!*s.hangup)
		vv_form_error(r, "hangup", "err.required");
	else if (!vv_admin_int(s.hangup, 1, 2, &x.hangup))
		vv_form_error(r, "hangup", "admin.err.hangup");
	if (!*s.end_policy)
		vv_form_error(r, "end_policy", "err.required");
	else if (!end_policy_ok(s.end_policy))
		vv_form_error(r, "end_policy", "admin.err.end-policy");
	if (!*s.capacity) {
		vv_form_error(r, "capacity", "err.required");
	} else if (!vv_admin_int(s.capacity, 1, 999999, &x.capacity)) {
		vv_form_error(r, "capacity", "admin.err.capacity");
	} else {
		/* Above the contract: the core's message names the limit. */
		int before = vv_form_errors(r);
		rc = vv_check_capacity(r, "capacity", x.capacity);
		if (rc < 0 && rc != VV_INVALID)
			return rc;
		if (rc == VV_INVALID && vv_form_errors(r) == before)
			vv_form_error_arg(r, "capacity", "admin.err.capacity-max",
					  vv_sprintf(vv_req_arena(r), "%lld",
						     (long long)c.max_participants));
	}
	if (!*s.warning)
		vv_form_error(r, "warning", "err.required");
	else if (!vv_admin_int(s.warning, 1, 30, &x.warning))
		vv_form_error(r, "warning", "admin.err.warning");
	if (!*s.timezone)
		vv_form_error(r, "timezone", "err.required");
	else if (!zone_ok(r, s.timezone))
		vv_form_error(r, "timezone", "admin.err.timezone");
	if (!*s.language)
		vv_form_error(r, "language", "err.required");
	else if (!vv_lang_valid(s.language))
		vv_form_error(r, "language", "admin.err.language");

	if (!*s.link_days)
		vv_form_error(r, "link_days", "err.required");
	else if (!vv_admin_int(s.link_days, 1, link_days_max(), &x.link_days))
		vv_form_error_arg(r, "link_days", "admin.err.link-days",
				  vv_sprintf(vv_req_arena(r), "%lld", (long long)link_days_max()));
	if (!reminder_ok(s.reminder, &x.reminder))
		vv_form_error(r, "reminder", "admin.err.reminder");
	if (!*s.room_open)
		vv_form_error(r, "room_open", "err.required");
	else if (!vv_admin_int(s.room_open, 1, ROOM_OPEN_MAX, &x.room_open))
		vv_form_error_arg(r, "room_open", "admin.err.room-open",
				  vv_sprintf(vv_req_arena(r), "%d", ROOM_OPEN_MAX));

	if (vv_form_errors(r) == 0) {
		rc = vv_db_tx(vv_req_arena(r), save_tx, &x);
		if (rc < 0)
			return rc;
		return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r), "/%s/admin/settings?done=saved",
							   vv_req_lang(r)));
	}
	settings_page(r, &c, &s);
	return 422;
}
