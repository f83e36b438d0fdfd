/* The create form (R-EV-1..9): every field in the guide's order, each
 * re-checked on the server against the contract, the 15-minute grid and
 * the tenant's zone; a refusal re-shows the form with the input kept. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "events.h"

#define DURATION_OPTIONS_MAX 96 /* 15-minute steps offered: a day at most */

struct ev_form {
	const char *max, *type, *group, *date, *time, *duration;
	bool record, forced;
	bool lang[VV_EVENTS_LANGS];
	const char *name[VV_EVENTS_LANGS], *desc[VV_EVENTS_LANGS];
};

/* A whole decimal number in [min, max]; false otherwise. */
static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s || !*s || strlen(s) > 9)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Adds <event-form> with the choices and the user's values; 0 or a code. */
static int render_form(vv_req_t *r, const struct ev_form *f)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_contract c;
	int rc = vv_contract_get(r, &c);
	if (rc != 0)
		return rc;
	xmlNodePtr form = vv_xml_add(vv_page(r), "event-form");
	vv_xml_attr_int(form, "limit", c.max_participants);
	vv_xml_attr_int(form, "limit-total", c.max_participants + 1);
	vv_xml_attr_int(form, "max-minutes", c.max_event_minutes);
	vv_xml_attr(form, "organiser", c.sharing_allowed ? "1" : "0");
	vv_xml_attr(form, "recording-allowed", c.recording_allowed ? "1" : "0");
	vv_xml_attr(form, "tz", vv_tenant_tz(r));
	vv_xml_attr(form, "max", f->max);
	vv_xml_attr(form, "record", f->record ? "1" : "0");
	vv_xml_attr(form, "forced", f->forced ? "1" : "0");
	vv_xml_attr(form, "type", f->type);
	vv_xml_attr(form, "group", f->group);
	vv_xml_attr(form, "date", f->date);
	vv_xml_attr(form, "time", f->time);
	vv_xml_attr(form, "duration", f->duration);
	vv_xml_attr(form, "video", vv_video(r) ? "1" : "0");

	if ((rc = vv_form_type_group_options(r, form, c.sharing_allowed)) < 0)
		return rc;
	vv_form_slots(r, form, f->date, f->time);
	int64_t steps = c.max_event_minutes / 15;
	if (steps > DURATION_OPTIONS_MAX)
		steps = DURATION_OPTIONS_MAX;
	bool kept = !f->duration || !*f->duration;
	for (int64_t i = 1; i <= steps; i++) {
		const char *v = vv_sprintf(a, "%d", (int)(i * 15));
		vv_xml_attr(vv_xml_add(form, "duration"), "value", v);
		if (f->duration && strcmp(f->duration, v) == 0)
			kept = true;
	}
	if (!kept)
		vv_xml_attr(vv_xml_add(form, "duration"), "value", f->duration);
	for (int i = 0; i < VV_EVENTS_LANGS; i++) {
		xmlNodePtr l = vv_xml_add(form, "lang");
		vv_xml_attr(l, "code", vv_events_langs[i]);
		vv_xml_attr(l, "checked", f->lang[i] ? "1" : "0");
		vv_xml_attr(l, "name", f->name[i]);
		vv_xml_attr(l, "description", f->desc[i]);
	}
	return 0;
}

int vv_events_new_form(vv_req_t *r)
{
	struct vv_contract c;
	struct vv_policy p;
	int rc = vv_contract_get(r, &c);
	if (rc == 0)
		rc = vv_policy_get(r, &p);
	if (rc != 0)
		return rc;
	int64_t cap = p.default_capacity;
	if (cap > c.max_participants)
		cap = c.max_participants;
	if (cap < 1)
		cap = 1;
	struct ev_form f = {0};
	f.max = vv_sprintf(vv_req_arena(r), "%d", (int)cap);
	struct vv_local l;
	int64_t first = vv_slot_earliest((int64_t)time(NULL));
	if (vv_time_to_local(vv_tenant_tz(r), first, &l) == 0) {
		f.date = vv_sprintf(vv_req_arena(r), "%04d-%02d-%02d", l.y, l.m, l.d);
		f.time = vv_sprintf(vv_req_arena(r), "%02d:%02d", l.hh, l.mm);
	}
	f.duration = c.max_event_minutes >= 60 ? "60" : vv_sprintf(vv_req_arena(r), "%d",
		(int)(c.max_event_minutes / 15 * 15 > 0 ? c.max_event_minutes / 15 * 15 : 15));
	const char *tl = vv_tenant_language(r);
	for (int i = 0; i < VV_EVENTS_LANGS; i++) {
		f.lang[i] = tl && strcmp(tl, vv_events_langs[i]) == 0;
		f.name[i] = f.desc[i] = "";
	}
	rc = render_form(r, &f);
	return rc != 0 ? rc : 200;
}

/* What a valid form becomes. */
struct ev_new {
	vv_req_t *r;
	const struct ev_form *f;
	const struct vv_video_ops *video;
	int64_t type_id, group_id, max, minutes, starts, ends;
	const char *uuid; /* out */
};

/* The transaction's refusal: the form's checks failed again under the
 * locks (the message is next to its field). */
#define CREATE_REFUSED 1

/* The row of id in table (event_types, external_groups) of the session's
 * tenant, share-locked until the end: deleting it (plugins/types) locks it
 * for update first and then counts its events, so either the deletion sees
 * this event or this one sees the row gone. 0 there; CREATE_REFUSED with
 * the message msg on field when gone; or a code. */
static int lock_shared(vv_arena_t *a, vv_req_t *r, const char *sql, int64_t id, const char *field,
		       const char *msg)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, sql, "ii", id, (int64_t)vv_req_tenant_id(r));
	if (!res)
		return err ? err : VV_ERR;
	if (vv_db_next(res))
		return 0;
	vv_form_error(r, field, msg);
	return CREATE_REFUSED;
}

static int create_tx(vv_arena_t *a, void *p)
{
	struct ev_new *n = p;
	vv_req_t *r = n->r;
	/* R-PO-1 again under the tenant's lock, taken first: creations (and
	 * the call's extend) take turns, so two at once cannot both pass a
	 * count that each made before the other's insert. */
	int rc = vv_contract_lock(r);
	if (rc < 0)
		return rc;
	rc = vv_check_concurrency(r, "time", n->starts, n->ends, 0);
	if (rc == VV_INVALID)
		return CREATE_REFUSED;
	if (rc < 0)
		return rc;
	rc = lock_shared(a, r, "SELECT id FROM event_types WHERE id = ? AND tenant_id = ?"
			       " LOCK IN SHARE MODE", n->type_id, "type", "events.err.type");
	if (rc == 0 && n->group_id)
		rc = lock_shared(a, r, "SELECT id FROM external_groups WHERE id = ? AND tenant_id = ?"
				       " LOCK IN SHARE MODE", n->group_id, "group", "events.err.group");
	if (rc != 0)
		return rc;
	n->uuid = vv_uuid_new(a);
	const char *room = NULL;
	rc = n->video->room_id(r, n->uuid, &room);
	if (rc < 0 || !room)
		return rc < 0 ? rc : VV_ERR;
	int64_t k = vv_db_exec(a,
		"INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants,"
		" record, forced_answer, starts_at, ends_at, duration_minutes, room_id, status,"
		" created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', UTC_TIMESTAMP())",
		"siisiiiissis", n->uuid, (int64_t)vv_req_tenant_id(r),
		n->type_id, n->group_id ? vv_sprintf(a, "%lld", (long long)n->group_id) : NULL,
		(int64_t)vv_req_user_id(r), n->max, (int64_t)(n->f->record ? 1 : 0),
		(int64_t)(n->f->forced ? 1 : 0), vv_events_sql_time(r, n->starts),
		vv_events_sql_time(r, n->ends), n->minutes, room);
	if (k < 0)
		return (int)k;
	int64_t id = vv_db_insert_id();
	for (int i = 0; i < VV_EVENTS_LANGS; i++) {
		if (!n->f->lang[i])
			continue;
		k = vv_db_exec(a,
			"INSERT INTO event_texts (event_id, language, name, description) VALUES (?, ?, ?, ?)",
			"isss", id, vv_events_langs[i], n->f->name[i],
			*n->f->desc[i] ? n->f->desc[i] : NULL);
		if (k < 0)
			return (int)k;
	}
	return vv_audit(r, "event.create", vv_sprintf(a, "event=%s room=%s", n->uuid, room));
}

/* Reads and checks every field into f and n; records the form errors.
 * Returns 0, or a negative code when a check could not be made. */
static int read_form(vv_req_t *r, struct ev_form *f, struct ev_new *n)
{
	vv_arena_t *a = vv_req_arena(r);
	int rc;
	f->max = vv_form_trimmed(r, "max");
	f->record = vv_req_form(r, "record") != NULL;
	f->forced = vv_req_form(r, "forced") != NULL;
	f->type = vv_form_trimmed(r, "type");
	f->group = vv_form_trimmed(r, "group");
	f->date = vv_form_trimmed(r, "date");
	f->time = vv_form_trimmed(r, "time");
	f->duration = vv_form_trimmed(r, "duration");

	/* R-EV-1 */
	if (!*f->max)
		vv_form_error(r, "max", "err.required");
	else if (!parse_int(f->max, 1, 999999999, &n->max))
		vv_form_error(r, "max", "events.err.max");
	else if ((rc = vv_check_capacity(r, "max", n->max)) == VV_UNAVAILABLE)
		return rc;
	/* R-EV-2 */
	if (f->record && (rc = vv_check_recording(r, "record")) == VV_UNAVAILABLE)
		return rc;
	/* R-EV-4: the tenant's own types only; a group only for an organiser (R-EV-5). */
	if ((rc = vv_form_type_group(r, f->type, f->group, "events", &n->type_id, &n->group_id)) < 0)
		return rc;
	/* R-EV-6: the date and time as wall time in the tenant's zone. */
	bool time_ok = vv_form_start(r, "date", "time", &n->starts, NULL) == 0;
	bool length_ok = false;
	if (!*f->duration) {
		vv_form_error(r, "duration", "err.required");
	} else if (!parse_int(f->duration, 1, 999999, &n->minutes) || n->minutes % 15 != 0) {
		vv_form_error(r, "duration", "events.err.duration");
	} else if ((rc = vv_check_event_length(r, "duration", n->minutes)) == VV_UNAVAILABLE) {
		return rc;
	} else {
		length_ok = rc == 0;
	}
	/* R-EV-7, R-EV-8 */
	const char *chosen[8];
	size_t nl = vv_req_form_all(r, "lang", chosen, 8);
	bool bad_lang = nl > 8;
	for (size_t i = 0; i < nl && i < 8; i++) {
		if (!*chosen[i])
			continue;
		bool known = false;
		for (int j = 0; j < VV_EVENTS_LANGS; j++)
			if (strcmp(chosen[i], vv_events_langs[j]) == 0)
				known = f->lang[j] = true;
		bad_lang |= !known;
	}
	int nchosen = 0;
	for (int j = 0; j < VV_EVENTS_LANGS; j++)
		nchosen += f->lang[j];
	if (bad_lang)
		vv_form_error(r, "lang", "err.invalid");
	else if (nchosen == 0)
		vv_form_error(r, "lang", "events.err.lang");
	for (int j = 0; j < VV_EVENTS_LANGS; j++) {
		const char *nf = vv_sprintf(a, "name_%s", vv_events_langs[j]);
		const char *df = vv_sprintf(a, "description_%s", vv_events_langs[j]);
		f->name[j] = vv_form_trimmed(r, nf);
		f->desc[j] = vv_form_trimmed(r, df);
		if (!f->lang[j])
			continue;
		long chars = vv_utf8_chars(f->name[j]);
		if (!*f->name[j])
			vv_form_error(r, nf, "events.err.name");
		else if (chars < 0)
			vv_form_error(r, nf, "err.invalid");
		else if (chars > VV_EVENTS_NAME_MAX)
			vv_form_error(r, nf, "err.too-long");
		chars = vv_events_text_chars(f->desc[j]);
		if (chars < 0)
			vv_form_error(r, df, "err.invalid");
		else if (chars > VV_EVENTS_DESC_MAX)
			vv_form_error(r, df, "err.too-long");
	}
	/* R-PO-1: events running at once; here for the message beside the
	 * other fields' ones, and again under the lock (create_tx). */
	if (time_ok && length_ok) {
		n->ends = n->starts + n->minutes * 60;
		if ((rc = vv_check_concurrency(r, "time", n->starts, n->ends, 0)) == VV_UNAVAILABLE)
			return rc;
	}
	return 0;
}

int vv_events_new_post(vv_req_t *r)
{
	struct ev_form f = {0};
	struct ev_new n = {.r = r, .f = &f};
	int rc = read_form(r, &f, &n);
	if (rc < 0)
		return rc;
	if (vv_form_errors(r) == 0) {
		/* The room id comes from the adapter; without one nothing is made. */
		n.video = vv_video(r);
		if (!n.video || !n.video->room_id) {
			/* 422, not 503: the core renders a page only for a 4xx, and
			 * the form must come back with the input kept. */
			vv_form_error(r, "submit", "events.err.video");
		} else {
			rc = vv_db_tx(vv_req_arena(r), create_tx, &n);
			if (rc < 0)
				return rc;
			if (rc != CREATE_REFUSED)
				return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r),
					"/%s/ecare/events/%s?done=created", vv_req_lang(r), n.uuid));
		}
	}
	rc = render_form(r, &f);
	return rc != 0 ? rc : 422;
}
