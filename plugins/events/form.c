/* The event form (R-EV-1..9), shared by creating (create.c) and editing
 * (edit.c): the same fields in the guide's order, read and checked the
 * same way. Editing differs in three ways, all decided here: the type and
 * the external group are not read (who sees an event stays as it was),
 * a value the event already has is not checked against the contract again
 * (a contract lowered since keeps what exists; anything new must fit), and
 * an event under way keeps its start, length and settings (only the texts
 * are read). */
#include <string.h>
#include "events.h"

#define DURATION_OPTIONS_MAX 96 /* 15-minute steps offered: a day at most */

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

xmlNodePtr vv_events_render_form(vv_req_t *r, const struct vv_events_form *f, bool choices, int *rc)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_contract c;
	*rc = vv_contract_get(r, &c);
	if (*rc != 0)
		return NULL;
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

	if (choices && (*rc = vv_form_type_group_options(r, form, c.sharing_allowed)) < 0)
		return NULL;
	*rc = 0;
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
	for (int i = 0; i < VV_LANGS; i++) {
		xmlNodePtr l = vv_xml_add(form, "lang");
		vv_xml_attr(l, "code", vv_langs[i]);
		vv_xml_attr(l, "checked", f->lang[i] ? "1" : "0");
		vv_xml_attr(l, "name", f->name[i]);
		vv_xml_attr(l, "description", f->desc[i]);
	}
	return form;
}

int vv_events_local(vv_req_t *r, int64_t utc, const char **date, const char **hhmm)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), utc, &l) != 0)
		return VV_INVALID;
	*date = vv_sprintf(vv_req_arena(r), "%04d-%02d-%02d", l.y, l.m, l.d);
	*hhmm = vv_sprintf(vv_req_arena(r), "%02d:%02d", l.hh, l.mm);
	return 0;
}

/* R-EV-7, R-EV-8: the languages and a name (required) and a description
 * for each chosen one. */
static void read_texts(vv_req_t *r, struct vv_events_form *f)
{
	vv_arena_t *a = vv_req_arena(r);
	vv_form_langs(r, "lang", f->lang, "events.err.lang");
	for (int j = 0; j < VV_LANGS; j++) {
		const char *nf = vv_sprintf(a, "name_%s", vv_langs[j]);
		const char *df = vv_sprintf(a, "description_%s", vv_langs[j]);
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
}

/* The settings of an event under way, as it has them, into f and v. */
static void keep_settings(vv_req_t *r, struct vv_events_form *f, struct vv_events_values *v,
			  const struct vv_events_event *old)
{
	vv_arena_t *a = vv_req_arena(r);
	f->max = vv_sprintf(a, "%lld", (long long)old->max_participants);
	f->record = old->record;
	f->forced = old->forced;
	f->duration = vv_sprintf(a, "%lld", (long long)old->duration);
	if (vv_events_local(r, old->starts_utc, &f->date, &f->time) != 0)
		f->date = f->time = "";
	v->max = old->max_participants;
	v->minutes = old->duration;
	v->starts = old->starts_utc;
	v->ends = old->ends_utc; /* moved by the call's +15 min */
}

int vv_events_read_form(vv_req_t *r, struct vv_events_form *f, struct vv_events_values *v,
			const struct vv_events_event *old, bool under_way)
{
	int rc;
	if (old && under_way) {
		keep_settings(r, f, v, old);
		read_texts(r, f);
		return 0;
	}
	f->max = vv_form_trimmed(r, "max");
	f->record = vv_req_form(r, "record") != NULL;
	f->forced = vv_req_form(r, "forced") != NULL;
	f->date = vv_form_trimmed(r, "date");
	f->time = vv_form_trimmed(r, "time");
	f->duration = vv_form_trimmed(r, "duration");

	/* R-EV-1 */
	if (!*f->max)
		vv_form_error(r, "max", "err.required");
	else if (!parse_int(f->max, 1, 999999999, &v->max))
		vv_form_error(r, "max", "events.err.max");
	else if ((!old || v->max != old->max_participants) &&
		 (rc = vv_check_capacity(r, "max", v->max)) == VV_UNAVAILABLE)
		return rc;
	/* R-EV-2: a recording the event does not have yet must be allowed. */
	if (f->record && !(old && old->record) &&
	    (rc = vv_check_recording(r, "record")) == VV_UNAVAILABLE)
		return rc;
	/* R-EV-4: the tenant's own types only; a group only for an organiser
	 * (R-EV-5). Neither changes once the event exists. */
	if (!old) {
		f->type = vv_form_trimmed(r, "type");
		f->group = vv_form_trimmed(r, "group");
		if ((rc = vv_form_type_group(r, f->type, f->group, "events", &v->type_id,
					     &v->group_id)) < 0)
			return rc;
	}
	/* R-EV-6: the date and time as wall time in the tenant's zone. The
	 * start an event already has may stay as it is, whatever the clock
	 * says now; a new one is on the grid and in the future. */
	bool time_ok;
	const char *old_date = NULL, *old_time = NULL;
	if (old && vv_events_local(r, old->starts_utc, &old_date, &old_time) == 0 &&
	    strcmp(f->date, old_date) == 0 && strcmp(f->time, old_time) == 0) {
		v->starts = old->starts_utc;
		time_ok = true;
	} else {
		time_ok = vv_form_start(r, "date", "time", &v->starts, NULL) == 0;
	}
	bool length_ok = false;
	if (!*f->duration) {
		vv_form_error(r, "duration", "err.required");
	} else if (!parse_int(f->duration, 1, 999999, &v->minutes) || v->minutes % 15 != 0) {
		vv_form_error(r, "duration", "events.err.duration");
	} else if (old && v->minutes == old->duration) {
		length_ok = true;
	} else if ((rc = vv_check_event_length(r, "duration", v->minutes)) == VV_UNAVAILABLE) {
		return rc;
	} else {
		length_ok = rc == 0;
	}
	read_texts(r, f);
	/* R-PO-1: events running at once; here for the message beside the
	 * other fields' ones, and again under the lock (create_tx, edit_tx).
	 * An edit that keeps the times counts nothing new. */
	if (time_ok && length_ok) {
		v->ends = v->starts + v->minutes * 60;
		if (old && v->starts == old->starts_utc && v->ends == old->ends_utc)
			return 0;
		/* A series is counted per occurrence when it is made (series.c). */
		if (!old && strcmp(vv_form_trimmed(r, "repeat"), "weekly") == 0)
			return 0;
		if ((rc = vv_check_concurrency(r, "time", v->starts, v->ends, old ? old->id : 0)) ==
		    VV_UNAVAILABLE)
			return rc;
	}
	return 0;
}

void vv_events_care(const struct vv_events_form *f, const struct vv_events_values *v,
		    struct vv_care_settings *s, struct vv_care_text *texts)
{
	*s = (struct vv_care_settings){
		.max = v->max, .record = f->record, .forced = f->forced,
		.starts = v->starts, .ends = v->ends, .minutes = v->minutes,
	};
	for (int i = 0; i < VV_LANGS; i++)
		texts[i] = (struct vv_care_text){f->lang[i] ? f->name[i] : NULL, f->desc[i]};
}

bool vv_events_slots_only(vv_req_t *r)
{
	if (!vv_req_form(r, "slots"))
		return false;
	/* Nothing is checked or saved: the form comes back as typed, with the
	 * chosen day's times (vv_form_slots in the tenant's zone). */
	vv_form_errors_clear(r);
	return true;
}

/* GET /ecare/events/slots?date=YYYY-MM-DD: the times the form offers for
 * that day, as the form itself builds them (vv_form_slots: the tenant's
 * zone, every quarter hour, only future ones today, a DST day's 23 or 25
 * hours), for events.js after a date change:
 * {"date":"...","slots":[{"value":"HH:MM","zone":"EET"},...]}. */
int vv_events_slots(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	const char *date = vv_req_query(r, "date");
	struct vv_date d;
	if (!date || vv_time_parse_date(date, &d) != 0)
		return vv_resp_body(r, "application/json", "{\"slots\":[]}", 12) < 0 ? VV_ERR : 200;
	xmlNodePtr tmp = xmlNewNode(NULL, BAD_CAST "slots");
	if (!tmp)
		return VV_ERR;
	vv_form_slots(r, tmp, date, NULL);
	const char *out = vv_sprintf(a, "{\"date\":\"%04d-%02d-%02d\",\"slots\":[", d.y, d.m, d.d);
	int i = 0;
	for (xmlNodePtr c = tmp->children; c; c = c->next) {
		xmlChar *v = xmlGetProp(c, BAD_CAST "value"), *z = xmlGetProp(c, BAD_CAST "zone");
		/* "HH:MM" and a zone abbreviation ("EET", "+0545"): nothing to escape,
		 * but only those characters pass. */
		if (v && strspn((char *)v, "0123456789:") == strlen((char *)v) &&
		    (!z || strspn((char *)z, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-") ==
			   strlen((char *)z)))
			out = vv_sprintf(a, "%s%s{\"value\":\"%s\",\"zone\":\"%s\"}", out, i++ ? "," : "",
					 (char *)v, z ? (char *)z : "");
		xmlFree(v);
		xmlFree(z);
	}
	xmlFreeNode(tmp);
	out = vv_sprintf(a, "%s]}", out);
	vv_resp_header(r, "Cache-Control", "no-store");
	return vv_resp_body(r, "application/json", out, strlen(out)) < 0 ? VV_ERR : 200;
}
