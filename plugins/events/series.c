/* Weekly series of events (issue 16): the form's "Toistuu" fields, the
 * rule they make (vv_weekly_days, core/time/recur.c) and creating every
 * occurrence as an ordinary event through creation's own steps (create.c:
 * the same checks under the tenant's lock, the same care-domain write),
 * all in one transaction. The series row only groups the occurrences
 * (plugins/events/schema/001_recur_series.sql). */
#include <string.h>
#include "events.h"

#define EVERY_MAX 52 /* every N weeks: at most once a year */
#define UNTIL_DAYS_MAX 731 /* two years from the start */

/* A whole decimal number in [min, max]; false otherwise. */
static bool whole(const char *s, int min, int max, int *out)
{
	if (!s || !*s || strlen(s) > 6)
		return false;
	int v = 0;
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

const char *vv_events_dates_text(vv_req_t *r, const struct vv_date *d, int n)
{
	vv_arena_t *a = vv_req_arena(r);
	const bool iso = strcmp(vv_req_lang(r), "en") == 0;
	const char *out = "";
	for (int i = 0; i < n; i++)
		out = iso ? vv_sprintf(a, "%s%s%04d-%02d-%02d", out, i ? ", " : "", d[i].y, d[i].m, d[i].d)
			  : vv_sprintf(a, "%s%s%d.%d.%04d", out, i ? ", " : "", d[i].d, d[i].m, d[i].y);
	return out;
}

/* The exceptions typed: dates separated by commas, semicolons or white
 * space, each as vv_time_parse_date reads them. The count, or -1 after a
 * message on "skip". */
static int read_skips(vv_req_t *r, const char *s, struct vv_date *out)
{
	vv_arena_t *a = vv_req_arena(r);
	int n = 0;
	const char *sep = ",; \t\r\n";
	for (const char *p = s + strspn(s, sep); *p; p += strspn(p, sep)) {
		size_t len = strcspn(p, sep);
		const char *tok = vv_strndup(a, p, len);
		p += len;
		if (n == VV_EVENTS_SKIP_MAX) {
			vv_form_error_arg(r, "skip", "events.err.skip-many",
					  vv_sprintf(a, "%d", VV_EVENTS_SKIP_MAX));
			return -1;
		}
		if (vv_time_parse_date(tok, &out[n]) != 0) {
			vv_form_error_arg(r, "skip", "events.err.skip-date", tok);
			return -1;
		}
		n++;
	}
	return n;
}

void vv_events_read_repeat(vv_req_t *r, struct vv_events_repeat *rp, const char *date)
{
	vv_arena_t *a = vv_req_arena(r);
	*rp = (struct vv_events_repeat){0};
	rp->on = strcmp(vv_form_trimmed(r, "repeat"), "weekly") == 0;
	rp->every = vv_form_trimmed(r, "every");
	rp->ends = vv_form_trimmed(r, "ends");
	rp->count = vv_form_trimmed(r, "count");
	rp->until = vv_form_trimmed(r, "until");
	rp->skip = vv_form_trimmed(r, "skip");
	const char *days[7];
	size_t nd = vv_req_form_all(r, "wday", days, 7);
	for (size_t i = 0; i < nd; i++)
		if (days[i][0] >= '1' && days[i][0] <= '7' && !days[i][1])
			rp->wday[days[i][0] - '1'] = true;
	if (!rp->on)
		return;
	struct vv_weekly *w = &rp->rule;
	for (int i = 0; i < 7; i++)
		if (rp->wday[i])
			w->wdays |= 1u << ((i + 1) % 7); /* Monday = 1 .. Sunday = 0 */
	if (!w->wdays)
		vv_form_error(r, "wday", "events.err.wday");
	if (!whole(rp->every, 1, EVERY_MAX, &w->every))
		vv_form_error_arg(r, "every", "events.err.every", vv_sprintf(a, "%d", EVERY_MAX));
	/* The start date's own message is the date field's (vv_form_start). */
	bool start_ok = date && vv_time_parse_date(date, &w->start) == 0;
	const bool by_count = strcmp(rp->ends, "until") != 0;
	if (by_count) {
		if (!whole(rp->count, 2, VV_EVENTS_SERIES_MAX, &w->count))
			vv_form_error_arg(r, "count", "events.err.count",
					  vv_sprintf(a, "%d", VV_EVENTS_SERIES_MAX));
	} else if (!*rp->until) {
		vv_form_error(r, "until", "err.required");
	} else if (vv_time_parse_date(rp->until, &w->until) != 0) {
		vv_form_error(r, "until", "events.err.until");
	} else if (start_ok && vv_date_cmp(w->until, w->start) <= 0) {
		vv_form_error(r, "until", "events.err.until-before");
	} else if (start_ok && vv_date_diff(w->start, w->until) > UNTIL_DAYS_MAX) {
		vv_form_error(r, "until", "events.err.until-far");
	}
	struct vv_date *skip = vv_alloc(a, sizeof(*skip) * VV_EVENTS_SKIP_MAX);
	int ns = read_skips(r, rp->skip, skip);
	if (ns < 0 || !start_ok || vv_form_errors(r) > 0)
		return;
	w->skip = skip;
	w->nskip = ns;
	for (int i = 0; i < ns; i++)
		if (!vv_weekly_on(w, skip[i]) ||
		    (!w->count && vv_date_cmp(skip[i], w->until) > 0)) {
			vv_form_error_arg(r, "skip", "events.err.skip-not",
					  vv_events_dates_text(r, &skip[i], 1));
			return;
		}
}

void vv_events_render_repeat(vv_req_t *r, xmlNodePtr form, const struct vv_events_repeat *rp)
{
	(void)r;
	vv_xml_attr(form, "repeat", rp->on ? "weekly" : "");
	vv_xml_attr(form, "every", rp->every && *rp->every ? rp->every : "1");
	vv_xml_attr(form, "ends", rp->ends && strcmp(rp->ends, "until") == 0 ? "until" : "count");
	vv_xml_attr(form, "count", rp->count);
	vv_xml_attr(form, "until", rp->until);
	vv_xml_attr(form, "skip", rp->skip);
	for (int i = 0; i < 7; i++) {
		xmlNodePtr d = vv_xml_add(form, "wday");
		vv_xml_attr_int(d, "value", i + 1);
		vv_xml_attr(d, "checked", rp->wday[i] ? "1" : "0");
	}
}

struct series_new {
	vv_req_t *r;
	const struct vv_events_form *f;
	const struct vv_events_values *v;
	const struct vv_events_repeat *rp;
	const struct vv_video_ops *video;
	const struct vv_date *days;
	const int64_t *starts;
	int n;
	const char *uuid; /* out: the first occurrence's */
};

/* Every check creation makes, per occurrence where it depends on the
 * time (the events running at once: earlier occurrences written in this
 * transaction count too). A refusal after any write returns VV_INVALID,
 * which rolls the whole series back. */
static int series_tx(vv_arena_t *a, void *p)
{
	struct series_new *s = p;
	vv_req_t *r = s->r;
	int rc = vv_events_create_checks(a, r, s->f, s->v);
	if (rc != 0)
		return rc;
	const struct vv_weekly *w = &s->rp->rule;
	const char *suuid = vv_uuid_new(a);
	int64_t k = vv_db_exec(a,
		"INSERT INTO event_series (uuid, tenant_id, weekdays, every_weeks, until_date, times,"
		" created_by) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?)",
		VV_DB_ARGS(VV_DB_S(suuid), VV_DB_I(vv_req_tenant_id(r)), VV_DB_I(w->wdays),
			   VV_DB_I(w->every),
			   VV_DB_S(w->count ? NULL : vv_sprintf(a, "%04d-%02d-%02d", w->until.y,
								w->until.m, w->until.d)),
			   VV_DB_I(w->count), VV_DB_I(vv_req_user_id(r))));
	if (k < 0)
		return (int)k;
	const int64_t series = vv_db_insert_id();
	struct vv_date *bad = vv_alloc(a, sizeof(*bad) * (size_t)s->n);
	int nbad = 0;
	for (int i = 0; i < s->n; i++) {
		struct vv_events_values v = *s->v;
		v.starts = s->starts[i];
		v.ends = v.starts + v.minutes * 60;
		rc = vv_check_concurrency(r, "time", v.starts, v.ends, 0);
		if (rc == VV_INVALID) {
			bad[nbad++] = s->days[i];
			continue;
		}
		if (rc < 0)
			return rc;
		if (nbad)
			continue; /* refused already: only the dates are collected */
		const char *uuid;
		int64_t id = vv_events_create_one(a, r, s->video, s->f, &v, &uuid);
		if (id < 0)
			return (int)id;
		if (!s->uuid)
			s->uuid = uuid;
		k = vv_db_exec(a, "UPDATE events SET series_id = ? WHERE id = ? AND tenant_id = ?",
			       VV_DB_ARGS(VV_DB_I(series), VV_DB_I(id), VV_DB_I(vv_req_tenant_id(r))));
		if (k < 0)
			return (int)k;
	}
	if (nbad) {
		/* One message naming the dates, not one per occurrence. */
		vv_form_errors_clear(r);
		vv_form_error_arg(r, "time", "events.err.series-concurrent",
				  vv_events_dates_text(r, bad, nbad));
		return VV_INVALID;
	}
	return vv_audit(r, "series.create", vv_sprintf(a, "series=%s events=%d", suuid, s->n));
}

int vv_events_series_create(vv_req_t *r, const struct vv_events_form *f,
			    const struct vv_events_values *v, const struct vv_events_repeat *rp,
			    const char **uuid)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_date *days = vv_alloc(a, sizeof(*days) * VV_EVENTS_SERIES_MAX);
	int n = vv_weekly_days(&rp->rule, days, VV_EVENTS_SERIES_MAX);
	if (n < 0) {
		/* A count is at most the maximum already: only an end date far
		 * enough away with many weekdays gets here. */
		vv_form_error_arg(r, rp->rule.count ? "count" : "until", "events.err.series-many",
				  vv_sprintf(a, "%d", VV_EVENTS_SERIES_MAX));
		return CREATE_REFUSED;
	}
	if (n == 0) {
		vv_form_error(r, "wday", "events.err.series-empty");
		return CREATE_REFUSED;
	}
	/* The same wall-clock time on each day: the UTC instant moves with
	 * the DST change, the time people see does not. */
	int hh, mm;
	if (vv_time_parse_hhmm(f->time, &hh, &mm) != 0)
		return VV_INVALID; /* the start's own check let it through: cannot be */
	int64_t *starts = vv_alloc(a, sizeof(*starts) * (size_t)n);
	struct vv_date *gap = vv_alloc(a, sizeof(*gap) * (size_t)n);
	int ngap = 0;
	for (int i = 0; i < n; i++) {
		int flags = 0;
		if (vv_time_from_local(vv_tenant_tz(r), days[i].y, days[i].m, days[i].d, hh, mm,
				       &starts[i], &flags) != 0)
			gap[ngap++] = days[i];
	}
	if (ngap) {
		vv_form_error_arg(r, "time", "events.err.series-nonexistent",
				  vv_events_dates_text(r, gap, ngap));
		return CREATE_REFUSED;
	}
	struct series_new s = {r, f, v, rp, vv_video(r), days, starts, n, NULL};
	if (!s.video || !s.video->room_id) {
		vv_form_error(r, "submit", "events.err.video");
		return CREATE_REFUSED;
	}
	int rc = vv_db_tx(a, series_tx, &s);
	if (rc == VV_INVALID)
		return CREATE_REFUSED;
	if (rc != 0)
		return rc;
	*uuid = s.uuid;
	return 0;
}

int vv_events_series_xml(vv_req_t *r, xmlNodePtr parent, int64_t event_id)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT s.uuid, s.weekdays, s.every_weeks,"
		" (SELECT COUNT(*) FROM events o WHERE o.series_id = s.id AND o.tenant_id = s.tenant_id"
		"  AND o.status = 'scheduled' AND o.ends_at > UTC_TIMESTAMP())"
		" FROM events e JOIN event_series s ON s.id = e.series_id AND s.tenant_id = e.tenant_id"
		" WHERE e.id = ? AND e.tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return 0;
	xmlNodePtr s = vv_xml_add(parent, "series");
	vv_xml_attr(s, "uuid", vv_db_str(res, 0));
	vv_xml_attr(s, "every", vv_db_str(res, 2));
	vv_xml_attr(s, "upcoming", vv_db_str(res, 3));
	vv_events_wdays_xml(s, (unsigned)vv_db_int(res, 1, 0));
	return 0;
}

void vv_events_wdays_xml(xmlNodePtr n, unsigned mask)
{
	for (int i = 1; i <= 7; i++)
		if (mask & (1u << (i % 7)))
			vv_xml_attr_int(vv_xml_add(n, "wday"), "value", i);
}
