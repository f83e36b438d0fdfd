/* The demo's living part (issue 16): an event type the municipality's
 * customers are assigned, events today and this week - the first on a
 * quarter hour 3 to 18 minutes away, so that someone who just ran
 * `make run` sees it start in a few minutes, its room open already (room_open_minutes 20) - with
 * customers enrolled, and a recording, so that an
 * operator can follow the guide (Tapahtuman tyyppi offers a type) and the
 * customers' calendars are not empty.
 *
 * Written inside the demo's transaction through the care domain's writers
 * (vv_care_event_create, vv_care_join), as the pages would; only the
 * video room id is named here, because vvctl loads no adapter. */
#include <string.h>
#include <time.h>
#include "core.h"
#include "vvctl/provision.h"

struct demo_event {
	int day;           /* days from today; -1: the next quarter hour */
	int hh, mm;        /* local start (day >= 0); -1 hh: 2 hours after the first */
	int minutes, max;
	const char *name[VV_LANGS], *desc[VV_LANGS];
	int enrol;         /* how many of the first customers are enrolled */
};

static const struct demo_event demo_events[] = {
	{-1, 0, 0, 45, 10,
	 {"Aamujumppa", "Morgongymnastik", "Morning exercise"},
	 {"Kevyttä liikuntaa tuolilla istuen.", "Lätt motion sittande på en stol.",
	  "Light exercise sitting on a chair."}, 3},
	{0, -1, 0, 60, 8,
	 {"Muistiryhmä", "Minnesgrupp", "Memory group"},
	 {"Muistelua ja yhteislaulua.", "Minnen och allsång.", "Reminiscing and singing together."}, 1},
	{2, 10, 0, 45, 10,
	 {"Tuolijooga", "Stolyoga", "Chair yoga"}, {NULL, NULL, NULL}, 0},
	{4, 13, 30, 60, 12,
	 {"Kahvihetki", "Kaffestund", "Coffee break"},
	 {"Jutellaan viikon kuulumisista.", "Vi pratar om veckans händelser.",
	  "A chat about the week's news."}, 2},
};

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* The room id the configured adapter would give (video_janus "vv-",
 * video_loopback "loop-"): the call finds its event by it. */
static const char *room_for(vv_arena_t *a, const char *uuid)
{
	const char *adapter = vv_conf_get("video", "adapter", "janus");
	return vv_sprintf(a, "%s-%s", strcmp(adapter, "loopback") == 0 ? "loop" : "vv", uuid);
}

/* UTC of local hh:mm on the day `days` after now's local date in tz. */
static int local_at(const char *tz, int64_t now, int days, int hh, int mm, int64_t *utc)
{
	struct vv_local l;
	/* Noon-based stepping stays on the right date across DST changes. */
	if (vv_time_to_local(tz, now, &l) != 0)
		return VV_ERR;
	int64_t noon;
	if (vv_time_from_local(tz, l.y, l.m, l.d, 12, 0, &noon, NULL) != 0 ||
	    vv_time_to_local(tz, noon + (int64_t)days * 86400, &l) != 0)
		return VV_ERR;
	return vv_time_from_local(tz, l.y, l.m, l.d, hh, mm, utc, NULL) == 0 ? 0 : VV_ERR;
}

static int64_t user_id(vv_arena_t *a, int64_t tenant, const char *email)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, "SELECT id FROM users WHERE tenant_id = ? AND email = ?",
				       VV_DB_ARGS(VV_DB_I(tenant), VV_DB_S(email)));
	if (!res)
		return err ? err : VV_ERR;
	return vv_db_next(res) ? vv_db_int(res, 0, 0) : VV_NOTFOUND;
}

static int add_event(vv_arena_t *a, struct vv_req *r, int64_t type_id, const struct demo_event *d,
		     int64_t start, const int64_t *customers, size_t ncust)
{
	const char *uuid = vv_uuid_new(a);
	if (!uuid)
		return VV_ERR;
	struct vv_care_settings s = {d->max, false, false, start, start + d->minutes * 60,
				     d->minutes};
	struct vv_care_text texts[VV_LANGS];
	for (int i = 0; i < VV_LANGS; i++)
		texts[i] = (struct vv_care_text){d->name[i], d->desc[i]};
	int64_t id = vv_care_event_create(a, r, uuid, room_for(a, uuid), type_id, 0, &s, texts);
	if (id < 0)
		return (int)id;
	int rc = vv_audit_by(a, r->tenant_id, r->user_id, "event.create",
			     vv_sprintf(a, "event=%s demo", uuid));
	if (rc < 0 || d->enrol == 0)
		return rc < 0 ? rc : 0;
	struct vv_care_event e;
	if ((rc = vv_care_lock(a, id, r->tenant_id, &e)) < 0)
		return rc;
	for (size_t i = 0; i < (size_t)d->enrol && i < ncust; i++) {
		struct vv_care_row p = {r->tenant_id, customers[i], "customer", "enrolled", NULL, NULL,
					NULL, NULL, 0};
		int64_t k = vv_care_join(a, &e, &p);
		if (k < 0)
			return (int)k;
	}
	return vv_event_changed(a, id);
}

int vv_demo_activity(vv_arena_t *a, int64_t tenant, const char *tz, const char *operator_email,
		     const char *const *customer_emails, size_t ncust)
{
	int64_t op = user_id(a, tenant, operator_email);
	if (op < 0)
		return (int)op;
	int64_t customers[16];
	if (ncust > N(customers))
		return VV_ERR;
	for (size_t i = 0; i < ncust; i++)
		if ((customers[i] = user_id(a, tenant, customer_emails[i])) < 0)
			return (int)customers[i];
	/* The event type, assigned to every demo customer (R-TY-2), through the
	 * care domain as an admin's pages do. */
	struct vv_req r = {.arena = a, .tenant_id = tenant, .user_id = op};
	const char *type_uuid = vv_uuid_new(a);
	int rc = vv_care_item_create(a, VV_CARE_TYPE, tenant, type_uuid, "Viriketoiminta");
	if (rc < 0)
		return rc;
	int64_t type_id = vv_db_insert_id();
	for (size_t i = 0; i < ncust; i++)
		if ((rc = vv_care_customer_items(a, &r, customers[i], &type_id, 1, NULL, 0)) < 0)
			return rc;
	/* The call's room opens 20 minutes before the start (Asetukset), so
	 * that the first event, at most 18 minutes away, can be entered right
	 * after `make run`: customers who come first wait in the lobby. */
	int64_t set = vv_db_exec(a, "INSERT INTO tenant_policies (tenant_id, room_open_minutes) VALUES (?, 20)"
				 " ON DUPLICATE KEY UPDATE room_open_minutes = 20", VV_DB_ARGS(VV_DB_I(tenant)));
	if (set < 0)
		return (int)set;
	/* The operator creates the events, as on Muokkaa kalenteria. */
	int64_t now = (int64_t)time(NULL);
	/* The next quarter hour at least three minutes away: time to sign in
	 * before its alarm, short enough to wait for. */
	int64_t first = vv_slot_earliest(now + 3 * 60);
	for (size_t i = 0; i < N(demo_events); i++) {
		const struct demo_event *d = &demo_events[i];
		int64_t start = first;
		if (d->day >= 0 && d->hh < 0)
			start = first + 2 * 3600;
		else if (d->day >= 0 && local_at(tz, now, d->day, d->hh, d->mm, &start) != 0)
			return VV_ERR;
		if ((rc = add_event(a, &r, type_id, d, start, customers, ncust)) < 0)
			return rc;
	}
	/* A recording (R-RE-1): weekly from today for eight weeks, in every
	 * language, so it is in every customer's calendar today. */
	struct vv_local l;
	if (vv_time_to_local(tz, now + 56 * 86400, &l) != 0)
		return VV_ERR;
	struct tm tm;
	time_t t = (time_t)first;
	if (!gmtime_r(&t, &tm))
		return VV_ERR;
	/* The recordings plugin's table: demo data written by the provider's
	 * tool (vvctl), the one place outside the plugin that does. */
	int64_t n = vv_db_exec(a,
		"INSERT INTO recordings (uuid, tenant_id, type_id, youtube_id, title, languages, starts_at,"
		" `repeat`, until_date, created_by, status, created_at)"
		" VALUES (?, ?, ?, ?, ?, 'fi,sv,en', ?, 'weekly', ?, ?, 'active', UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_S(vv_uuid_new(a)), VV_DB_I(tenant), VV_DB_I(type_id),
			   VV_DB_S("aqz-KE-bpKQ"), VV_DB_S("Tuolijumppa tallenteena"),
			   VV_DB_S(vv_sprintf(a, "%04d-%02d-%02d %02d:%02d:00", tm.tm_year + 1900,
					      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min)),
			   VV_DB_S(vv_sprintf(a, "%04d-%02d-%02d", l.y, l.m, l.d)), VV_DB_I(op)));
	if (n < 0)
		return (int)n;
	/* Its title in each language (the plugin's recording_texts). */
	static const char *const titles[][2] = {{"fi", "Tuolijumppa tallenteena"},
						{"sv", "Stolgymnastik som inspelning"},
						{"en", "Chair exercise, recorded"}};
	int64_t id = vv_db_insert_id();
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		n = vv_db_exec(a, "INSERT INTO recording_texts (recording_id, language, title) VALUES (?, ?, ?)",
			       VV_DB_ARGS(VV_DB_I(id), VV_DB_S(titles[i][0]), VV_DB_S(titles[i][1])));
		if (n < 0)
			return (int)n;
	}
	return 0;
}
