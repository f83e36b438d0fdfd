/* Muokkaa: editing an event with the create form (form.c), prefilled.
 *
 * Who sees the event (its type and external group) never changes: that
 * would take it away from customers already enrolled without a word. The
 * rest follows creation's rules for whatever the edit changes. Once the
 * event is under way (its video room is open, VV_EVENTS_OPEN_SECONDS
 * before the start) rooms and call tokens exist with its times and
 * settings, so only the texts change; its length then moves only through
 * the call's +15 min. An ended or cancelled event is not edited at all.
 *
 * The form carries a digest of what it was filled from; the save compares
 * it under the event's lock, so a save never silently undoes another
 * person's save made in between. */
#include <string.h>
#include <time.h>
#include "events.h"

/* edit_tx's outcomes that are not errors. */
enum {
	EDIT_OK = 0,
	EDIT_REFUSED, /* a check failed under the locks: its message is on its field */
	EDIT_SAME,    /* nothing to change */
	EDIT_STALE,   /* someone else saved after the form was filled */
	EDIT_GONE,    /* cancelled meanwhile */
	EDIT_ENDED,   /* ended meanwhile */
};

/* The event as the database has it now: what the form edits. */
struct current {
	const char *status;
	int64_t max, minutes, starts, ends;
	bool record, forced;
	bool lang[VV_LANGS];
	const char *name[VV_LANGS], *desc[VV_LANGS]; /* desc NULL: none */
	const char *digest; /* of all the above but status */
};

static bool ended(const char *status, int64_t ends, int64_t now)
{
	return strcmp(status, "scheduled") != 0 || ends <= now;
}

static bool under_way(int64_t starts, int64_t now)
{
	return now >= starts - VV_EVENTS_OPEN_SECONDS;
}

/* Reads event id of the session's tenant into *c, with lock FOR UPDATE
 * (inside vv_db_tx); VV_NOTFOUND when it is not there. */
static int load_current(vv_arena_t *a, vv_req_t *r, int64_t id, bool lock, struct current *c)
{
	const int64_t tenant = vv_req_tenant_id(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, lock ?
		"SELECT status, max_participants, record, forced_answer, UNIX_TIMESTAMP(starts_at),"
		" UNIX_TIMESTAMP(ends_at), duration_minutes FROM events"
		" WHERE id = ? AND tenant_id = ? FOR UPDATE" :
		"SELECT status, max_participants, record, forced_answer, UNIX_TIMESTAMP(starts_at),"
		" UNIX_TIMESTAMP(ends_at), duration_minutes FROM events"
		" WHERE id = ? AND tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(id), VV_DB_I(tenant)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	*c = (struct current){
		.status = vv_db_str(res, 0),
		.max = vv_db_int(res, 1, 0),
		.record = vv_db_int(res, 2, 0) != 0,
		.forced = vv_db_int(res, 3, 0) != 0,
		.starts = vv_db_int(res, 4, 0),
		.ends = vv_db_int(res, 5, 0),
		.minutes = vv_db_int(res, 6, 0),
	};
	const char *s = vv_sprintf(a, "%lld|%d|%d|%lld|%lld|%lld|", (long long)c->max, c->record,
				   c->forced, (long long)c->starts, (long long)c->ends,
				   (long long)c->minutes);
	res = vv_db_query(a, &err,
		"SELECT x.language, x.name, x.description FROM event_texts x"
		" JOIN events e ON e.id = x.event_id AND e.tenant_id = ?"
		" WHERE x.event_id = ? ORDER BY x.language",
		VV_DB_ARGS(VV_DB_I(tenant), VV_DB_I(id)));
	if (!res)
		return err ? err : VV_ERR;
	while (vv_db_next(res)) {
		const char *lang = vv_db_str(res, 0), *name = vv_db_str(res, 1);
		const char *desc = vv_db_str(res, 2);
		for (int i = 0; i < VV_LANGS; i++) {
			if (!lang || strcmp(lang, vv_langs[i]) != 0)
				continue;
			c->lang[i] = true;
			c->name[i] = name ? name : "";
			c->desc[i] = desc;
		}
		/* Lengths first: no name or description can pass for another. */
		s = vv_sprintf(a, "%s%s:%zu:%s:%ld:%s;", s, lang ? lang : "", strlen(name ? name : ""),
			       name ? name : "", desc ? (long)strlen(desc) : -1L, desc ? desc : "");
	}
	c->digest = vv_token_hash(a, s);
	return c->digest ? 0 : VV_ERR;
}

/* The form filled from the event as it is. */
static void form_of(vv_req_t *r, const struct current *c, struct vv_events_form *f)
{
	vv_arena_t *a = vv_req_arena(r);
	*f = (struct vv_events_form){
		.max = vv_sprintf(a, "%lld", (long long)c->max),
		.duration = vv_sprintf(a, "%lld", (long long)c->minutes),
		.record = c->record,
		.forced = c->forced,
	};
	if (vv_events_local(r, c->starts, &f->date, &f->time) != 0)
		f->date = f->time = "";
	for (int i = 0; i < VV_LANGS; i++) {
		f->lang[i] = c->lang[i];
		f->name[i] = c->lang[i] ? c->name[i] : "";
		f->desc[i] = c->lang[i] && c->desc[i] ? c->desc[i] : "";
	}
}

static bool texts_differ(const struct vv_events_form *f, const struct current *c)
{
	for (int i = 0; i < VV_LANGS; i++) {
		if (f->lang[i] != c->lang[i])
			return true;
		if (f->lang[i] && (strcmp(f->name[i], c->name[i]) != 0 ||
				   strcmp(f->desc[i], c->desc[i] ? c->desc[i] : "") != 0))
			return true;
	}
	return false;
}

/* Enrolled customers of the event (what the capacity limits), counted
 * by the care domain; the event is the session tenant's (vv_events_load). */
static int64_t customers(vv_arena_t *a, int64_t id)
{
	struct vv_care_count c;
	int rc = vv_care_count(a, id, &c);
	return rc < 0 ? rc : c.seated;
}

/* The edit page: the form with what stays as it is, or - for an event
 * that ended or was cancelled meanwhile - why there is no form. */
static int render(vv_req_t *r, const struct vv_events_event *e, const struct vv_events_form *f,
		  const char *digest, bool fixed)
{
	int64_t n = customers(vv_req_arena(r), e->id);
	if (n < 0)
		return (int)n;
	int rc;
	xmlNodePtr form = vv_events_render_form(r, f, false, &rc);
	if (!form)
		return rc;
	vv_xml_attr(form, "mode", "edit");
	vv_xml_attr(form, "uuid", e->uuid);
	vv_xml_attr(form, "event-name", e->name);
	vv_xml_attr(form, "type-name", e->type_name);
	vv_xml_attr(form, "group-name", e->group_name);
	vv_xml_attr(form, "digest", digest);
	vv_xml_attr(form, "under-way", fixed ? "1" : "0");
	vv_xml_attr(form, "starts", e->starts_at);
	vv_xml_attr(form, "ends", e->ends_at);
	vv_xml_attr_int(form, "customers", n);
	vv_xml_attr(form, "scope", strcmp(vv_form_trimmed(r, "scope"), "following") == 0 ?
		    "following" : "one");
	return vv_events_series_xml(r, form, e->id);
}

static int closed(vv_req_t *r, const struct vv_events_event *e, const char *why)
{
	xmlNodePtr n = vv_xml_add(vv_page(r), "event-closed");
	vv_xml_attr(n, "why", why);
	vv_xml_attr(n, "uuid", e->uuid);
	vv_xml_attr(n, "name", e->name);
	return 409;
}

int vv_events_edit_form(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	const int64_t now = (int64_t)time(NULL);
	if (ended(e.status, e.ends_utc, now))
		return closed(r, &e, "ended");
	struct current c;
	rc = load_current(vv_req_arena(r), r, e.id, false, &c);
	if (rc != 0)
		return rc;
	struct vv_events_form f;
	form_of(r, &c, &f);
	rc = render(r, &e, &f, c.digest, under_way(c.starts, now));
	return rc != 0 ? rc : 200;
}

struct ev_edit {
	vv_req_t *r;
	const struct vv_events_event *e;
	const struct vv_events_form *f;
	const struct vv_events_values *v;
	const char *digest; /* in: the form's; out, when stale: the event's now */
};

/* The event id as it is now, under its lock (after the tenant's): 0 with
 * *cur, or EDIT_GONE, EDIT_ENDED, EDIT_STALE (*digest then the event's
 * now; digest NULL: not compared) or a code. */
static int lock_current(vv_arena_t *a, vv_req_t *r, int64_t id, const char **digest,
			struct current *cur, int64_t now)
{
	int rc = load_current(a, r, id, true, cur);
	if (rc == VV_NOTFOUND || (rc == 0 && strcmp(cur->status, "cancelled") == 0))
		return EDIT_GONE;
	if (rc < 0)
		return rc;
	if (ended(cur->status, cur->ends, now))
		return EDIT_ENDED;
	if (digest && strcmp(cur->digest, *digest) != 0) {
		*digest = cur->digest;
		return EDIT_STALE;
	}
	return 0;
}

/* Writes f and v over event id (uuid), which is cur now, after every
 * check creation makes for what changes: EDIT_OK, EDIT_SAME,
 * EDIT_REFUSED with the message on its field, or a code. */
static int apply(vv_arena_t *a, vv_req_t *r, int64_t id, const char *uuid, const struct current *cur,
		 const struct vv_events_form *f, const struct vv_events_values *v, int64_t now)
{
	int rc;
	const bool max = v->max != cur->max, record = f->record != cur->record;
	const bool forced = f->forced != cur->forced;
	const bool times = v->starts != cur->starts || v->ends != cur->ends;
	const bool minutes = v->minutes != cur->minutes, texts = texts_differ(f, cur);
	if (!max && !record && !forced && !times && !minutes && !texts)
		return EDIT_SAME;
	if ((max || record || forced || times || minutes) && under_way(cur->starts, now)) {
		vv_form_error(r, "settings", "events.err.under-way");
		return EDIT_REFUSED;
	}
	int64_t enrolled = 0;
	if (max) {
		/* Enrolments lock the event's row too: this count holds. */
		if ((enrolled = customers(a, id)) < 0)
			return (int)enrolled;
		if (v->max < enrolled) {
			vv_form_error_arg(r, "max", "events.err.below-enrolled",
					  vv_sprintf(a, "%lld", (long long)enrolled));
			return EDIT_REFUSED;
		}
		if ((rc = vv_check_capacity(r, "max", v->max)) != 0)
			return rc == VV_INVALID ? EDIT_REFUSED : rc;
	}
	if (record && f->record && (rc = vv_check_recording(r, "record")) != 0)
		return rc == VV_INVALID ? EDIT_REFUSED : rc;
	if (minutes && (rc = vv_check_event_length(r, "duration", v->minutes)) != 0)
		return rc == VV_INVALID ? EDIT_REFUSED : rc;
	if (times && (rc = vv_check_concurrency(r, "time", v->starts, v->ends, id)) != 0)
		return rc == VV_INVALID ? EDIT_REFUSED : rc;

	/* A raised maximum moves the waiting list up; times, name and
	 * capacity reach the tablets' poll copies (vv_event_changed) in the
	 * same transaction. */
	struct vv_care_settings s;
	struct vv_care_text tx[VV_LANGS];
	vv_events_care(f, v, &s, tx);
	if ((rc = vv_care_event_update(a, r, id, &s)) < 0)
		return rc;
	if (texts && (rc = vv_care_event_texts(a, id, tx, true)) < 0)
		return rc;
	/* Who was invited by e-mail hears of a new time or name (their
	 * calendar entry is replaced: SEQUENCE + 1). */
	if ((times || minutes || texts) && (rc = vv_care_notify(a, vv_req_tenant_id(r), id, VV_CARE_UPDATE)) < 0)
		return rc;
	const char *what = vv_sprintf(a, "%s%s%s%s%s%s", max ? ",max" : "", record ? ",record" : "",
				      forced ? ",forced" : "", times ? ",start" : "",
				      minutes ? ",duration" : "", texts ? ",texts" : "");
	rc = vv_audit(r, "event.update", vv_sprintf(a, "event=%s changed=%s", uuid, what + 1));
	return rc < 0 ? rc : EDIT_OK;
}

/* Every check again under the locks creation takes, in its order (the
 * tenant's row first, create.c), then the event's row: an edit, a
 * creation, an enrolment and the call's +15 min each see the others'
 * results whole. Retried whole on a deadlock: nothing outside the
 * database. */
static int edit_tx(vv_arena_t *a, void *p)
{
	struct ev_edit *c = p;
	vv_req_t *r = c->r;
	int rc = vv_contract_lock(r);
	if (rc < 0)
		return rc;
	struct current cur;
	const int64_t now = (int64_t)time(NULL);
	if ((rc = lock_current(a, r, c->e->id, &c->digest, &cur, now)) != 0)
		return rc;
	return apply(a, r, c->e->id, c->e->uuid, &cur, c->f, c->v, now);
}

/* "This and following" (issue 16): what the form changes on the clicked
 * occurrence, made on it and on every later scheduled occurrence of its
 * series, each under creation's checks; the rest of each stays its own
 * (a time changed on one occurrence only stays, unless the time is what
 * changes now). A move of the date moves each by the same days. */
struct ev_following {
	vv_req_t *r;
	const struct vv_events_event *e;
	const struct vv_events_form *f;
	const struct vv_events_values *v;
	const char *digest;
	int changed; /* out */
};

/* The same message once (one per refused occurrence would repeat it);
 * the events running at once are named by date on the time field. */
static void errors_once(vv_req_t *r, const char *dates)
{
	for (xmlNodePtr e = vv_page(r)->children; e; e = e->next) {
		if (e->type != XML_ELEMENT_NODE || !xmlStrEqual(e->name, BAD_CAST "errors"))
			continue;
		for (xmlNodePtr x = e->children, next; x; x = next) {
			next = x->next;
			xmlChar *k = xmlGetProp(x, BAD_CAST "key");
			bool dup = false;
			for (xmlNodePtr y = e->children; y != x && !dup; y = y->next) {
				xmlChar *yk = xmlGetProp(y, BAD_CAST "key");
				dup = xmlStrEqual(k, yk);
				xmlFree(yk);
			}
			if (dup) {
				xmlUnlinkNode(x);
				xmlFreeNode(x);
			} else if (xmlStrEqual(k, BAD_CAST "contract.concurrent")) {
				xmlSetProp(x, BAD_CAST "key", BAD_CAST "events.err.series-concurrent");
				xmlSetProp(x, BAD_CAST "arg", BAD_CAST dates);
			}
			xmlFree(k);
		}
	}
	vv_form_error_arg(r, "scope", "events.err.following-dates", dates);
}

static int following_tx(vv_arena_t *a, void *p)
{
	struct ev_following *c = p;
	vv_req_t *r = c->r;
	const struct vv_events_form *f = c->f;
	const struct vv_events_values *v = c->v;
	int rc = vv_contract_lock(r);
	if (rc < 0)
		return rc;
	struct current first;
	const int64_t now = (int64_t)time(NULL);
	if ((rc = lock_current(a, r, c->e->id, &c->digest, &first, now)) != 0)
		return rc;
	const bool max = v->max != first.max, record = f->record != first.record;
	const bool forced = f->forced != first.forced, minutes = v->minutes != first.minutes;
	const bool texts = texts_differ(f, &first), moved = v->starts != first.starts;
	int shift = 0, hh = 0, mm = 0;
	struct vv_local was, to;
	if (moved) {
		if (vv_time_to_local(vv_tenant_tz(r), first.starts, &was) != 0 ||
		    vv_time_to_local(vv_tenant_tz(r), v->starts, &to) != 0)
			return VV_ERR;
		shift = vv_date_diff((struct vv_date){was.y, was.m, was.d},
				     (struct vv_date){to.y, to.m, to.d});
		hh = to.hh;
		mm = to.mm;
	}
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT o.id, o.uuid FROM events e JOIN events o ON o.series_id = e.series_id"
		" AND o.tenant_id = e.tenant_id"
		" WHERE e.id = ? AND e.tenant_id = ? AND o.status = 'scheduled'"
		" AND o.starts_at >= e.starts_at ORDER BY o.starts_at, o.id",
		VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	const int64_t nrows = vv_db_rows(res);
	int64_t *ids = vv_alloc(a, sizeof(*ids) * (size_t)(nrows + 1));
	const char **uuids = vv_alloc(a, sizeof(*uuids) * (size_t)(nrows + 1));
	int n = 0;
	while (n < nrows && vv_db_next(res)) {
		ids[n] = vv_db_int(res, 0, 0);
		uuids[n++] = vv_db_str(res, 1);
	}
	struct vv_date *bad = vv_alloc(a, sizeof(*bad) * (size_t)(n + 1));
	int nbad = 0;
	for (int i = 0; i < n; i++) {
		struct current oc;
		if ((rc = lock_current(a, r, ids[i], NULL, &oc, now)) != 0) {
			if (rc < 0)
				return rc;
			continue; /* ended meanwhile: history */
		}
		struct vv_local l;
		if (vv_time_to_local(vv_tenant_tz(r), oc.starts, &l) != 0)
			return VV_ERR;
		struct vv_date day = {l.y, l.m, l.d};
		struct vv_events_form f2 = *f;
		struct vv_events_values v2 = *v;
		f2.record = record ? f->record : oc.record;
		f2.forced = forced ? f->forced : oc.forced;
		if (!texts)
			for (int j = 0; j < VV_LANGS; j++) {
				f2.lang[j] = oc.lang[j];
				f2.name[j] = oc.lang[j] ? oc.name[j] : "";
				f2.desc[j] = oc.lang[j] && oc.desc[j] ? oc.desc[j] : "";
			}
		v2.max = max ? v->max : oc.max;
		v2.minutes = minutes ? v->minutes : oc.minutes;
		v2.starts = oc.starts;
		if (moved) {
			struct vv_date d = vv_date_add_days(day, shift);
			if (vv_time_from_local(vv_tenant_tz(r), d.y, d.m, d.d, hh, mm, &v2.starts,
					       NULL) != 0 || !vv_slot_valid(v2.starts, now)) {
				bad[nbad++] = day;
				continue;
			}
		}
		v2.ends = moved || minutes ? v2.starts + v2.minutes * 60 : oc.ends;
		rc = apply(a, r, ids[i], uuids[i], &oc, &f2, &v2, now);
		if (rc == EDIT_REFUSED)
			bad[nbad++] = day;
		else if (rc < 0)
			return rc;
		else if (rc == EDIT_OK)
			c->changed++;
	}
	if (nbad) {
		errors_once(r, vv_events_dates_text(r, bad, nbad));
		return VV_INVALID; /* nothing of it stays */
	}
	return c->changed ? EDIT_OK : EDIT_SAME;
}

/* The form was filled before the event got under way, and the settings
 * it now keeps were changed on it: say so rather than drop the change. */
static void check_kept(vv_req_t *r, const struct vv_events_form *f)
{
	if (strcmp(vv_form_trimmed(r, "editing"), "all") != 0)
		return;
	bool same = strcmp(vv_form_trimmed(r, "max"), f->max) == 0 &&
		    strcmp(vv_form_trimmed(r, "date"), f->date) == 0 &&
		    strcmp(vv_form_trimmed(r, "time"), f->time) == 0 &&
		    strcmp(vv_form_trimmed(r, "duration"), f->duration) == 0 &&
		    (vv_req_form(r, "record") != NULL) == f->record &&
		    (vv_req_form(r, "forced") != NULL) == f->forced;
	if (!same)
		vv_form_error(r, "settings", "events.err.under-way");
}

/* A form sent for an event cancelled after the form was filled: say so
 * (409) rather than "not found". VV_NOTFOUND for anything else, another
 * tenant's event included. */
static int cancelled(vv_req_t *r)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT e.uuid, " VV_CARE_EVENT_NAME("e.id", "?")
		" FROM events e WHERE e.uuid = ? AND e.tenant_id = ? AND e.status = 'cancelled'",
		VV_DB_ARGS(VV_DB_S(vv_tenant_language(r)), VV_DB_S(vv_req_arg(r, "uuid")),
			   VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	struct vv_events_event e = {.uuid = vv_db_str(res, 0), .name = vv_db_str(res, 1)};
	return closed(r, &e, "cancelled");
}

int vv_events_edit_post(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_events_event e;
	int rc = vv_events_load(r, &e); /* 404 before any form message */
	if (rc == VV_NOTFOUND)
		return cancelled(r);
	if (rc != 0)
		return rc;
	const int64_t now = (int64_t)time(NULL);
	if (ended(e.status, e.ends_utc, now))
		return closed(r, &e, "ended");
	const bool fixed = under_way(e.starts_utc, now);
	struct vv_events_form f = {0};
	struct vv_events_values v = {0};
	if ((rc = vv_events_read_form(r, &f, &v, &e, fixed)) < 0)
		return rc;
	if (vv_events_slots_only(r)) {
		rc = render(r, &e, &f, vv_form_trimmed(r, "digest"), fixed);
		return rc != 0 ? rc : 200;
	}
	if (fixed)
		check_kept(r, &f);
	else if (v.max > 0 && v.max < e.max_participants) {
		/* Here for the message beside the others; again in edit_tx. */
		int64_t n = customers(a, e.id);
		if (n < 0)
			return (int)n;
		if (v.max < n)
			vv_form_error_arg(r, "max", "events.err.below-enrolled",
					  vv_sprintf(a, "%lld", (long long)n));
	}
	struct ev_edit c = {r, &e, &f, &v, vv_form_trimmed(r, "digest")};
	/* An occurrence under way changes alone: the following ones keep
	 * what they have until they are edited themselves. */
	const bool following = !fixed && strcmp(vv_form_trimmed(r, "scope"), "following") == 0;
	int status = 422;
	if (vv_form_errors(r) == 0) {
		if (following) {
			struct ev_following fo = {r, &e, &f, &v, c.digest, 0};
			rc = vv_db_tx(a, following_tx, &fo);
			c.digest = fo.digest;
			if (rc == VV_INVALID)
				rc = EDIT_REFUSED;
			if (rc == EDIT_OK)
				return vv_resp_redirect(r, 303, vv_sprintf(a,
					"/%s/ecare/events/%s?done=updated-following", vv_req_lang(r), e.uuid));
		} else {
			rc = vv_db_tx(a, edit_tx, &c);
		}
		if (rc < 0)
			return rc;
		if (rc == EDIT_OK || rc == EDIT_SAME)
			return vv_resp_redirect(r, 303, vv_sprintf(a, "/%s/ecare/events/%s?done=%s",
				vv_req_lang(r), e.uuid, rc == EDIT_OK ? "updated" : "unchanged"));
		if (rc == EDIT_GONE)
			return closed(r, &e, "cancelled");
		if (rc == EDIT_ENDED)
			return closed(r, &e, "ended");
		if (rc == EDIT_STALE) {
			/* The input stays; sent again, it replaces what is there now. */
			vv_form_error(r, "submit", "events.err.stale");
			status = 409;
		}
	}
	rc = render(r, &e, &f, c.digest, fixed);
	return rc != 0 ? rc : status;
}
