/* The start of something scheduled on the 15-minute grid: the time
 * options of a day and the server-side check of the date and time fields
 * (vv/form.h), shared by every plugin that schedules. */
#include <string.h>
#include <time.h>
#include "core.h"
#include "vv/form.h"
#include "vv/tenant.h"
#include "vv/time.h"

/* Form value "HH:MM" of an instant's wall time in the tenant's zone; its
 * zone abbreviation in *zone when zone is not NULL. NULL on failure. */
static const char *slot_value(vv_req_t *r, int64_t utc, const char **zone)
{
	struct vv_local l;
	if (vv_time_to_local(vv_tenant_tz(r), utc, &l) != 0)
		return NULL;
	if (zone)
		*zone = vv_strdup(r->arena, l.abbr);
	return vv_sprintf(r->arena, "%02d:%02d", l.hh, l.mm);
}

const char *vv_form_time_text(vv_req_t *r, int64_t utc)
{
	char buf[32];
	if (vv_format_datetime(buf, sizeof(buf), utc, vv_tenant_tz(r), vv_req_lang(r), "time") != 0)
		return NULL;
	return vv_strdup(r->arena, buf);
}

void vv_form_slots(vv_req_t *r, xmlNodePtr parent, const char *date, const char *time_value)
{
	const char *tz = vv_tenant_tz(r);
	int64_t now = (int64_t)time(NULL);
	struct vv_date day;
	if (!date || vv_time_parse_date(date, &day) != 0) {
		struct vv_local l;
		if (vv_time_to_local(tz, vv_slot_earliest(now), &l) != 0)
			return;
		day = (struct vv_date){l.y, l.m, l.d};
	}
	int64_t slots[VV_SLOTS_DAY_MAX];
	int n = vv_slots_for_day(tz, day, now, slots, VV_SLOTS_DAY_MAX);
	const char *seen[VV_SLOTS_DAY_MAX];
	int nseen = 0;
	bool kept = !time_value || !*time_value;
	for (int i = 0; i < n; i++) {
		const char *zone = NULL;
		const char *v = slot_value(r, slots[i], &zone);
		if (!v)
			continue;
		bool dup = false;
		for (int j = 0; j < nseen && !dup; j++)
			dup = strcmp(seen[j], v) == 0;
		if (dup)
			continue;
		seen[nseen++] = v;
		xmlNodePtr s = vv_xml_add(parent, "slot");
		vv_xml_attr(s, "value", v);
		vv_xml_attr(s, "zone", zone);
		if (time_value && strcmp(time_value, v) == 0)
			kept = true;
	}
	if (!kept)
		vv_xml_attr(vv_xml_add(parent, "slot"), "value", time_value);
}

int vv_form_start(vv_req_t *r, const char *date_field, const char *time_field, int64_t *utc,
		  struct vv_date *day)
{
	const char *date = vv_form_trimmed(r, date_field);
	const char *hhmm = vv_form_trimmed(r, time_field);
	struct vv_date d;
	int hh, mm;
	if (!*date) {
		vv_form_error(r, date_field, "err.required");
		return VV_INVALID;
	}
	if (vv_time_parse_date(date, &d) != 0) {
		vv_form_error(r, date_field, "err.date");
		return VV_INVALID;
	}
	if (day)
		*day = d;
	if (!*hhmm) {
		vv_form_error(r, time_field, "err.required");
		return VV_INVALID;
	}
	if (vv_time_parse_hhmm(hhmm, &hh, &mm) != 0) {
		vv_form_error(r, time_field, "err.time");
		return VV_INVALID;
	}
	const char *tz = vv_tenant_tz(r);
	int flags = 0;
	int64_t t = 0;
	int rc = vv_time_from_local(tz, d.y, d.m, d.d, hh, mm, &t, &flags);
	int64_t now = (int64_t)time(NULL);
	if (rc != 0 && (flags & VV_TIME_NONEXISTENT)) {
		vv_form_error_arg(r, time_field, "err.time-nonexistent", tz);
		return VV_INVALID;
	}
	if (rc != 0) {
		vv_form_error(r, time_field, "err.time");
		return VV_INVALID;
	}
	if (t % VV_SLOT_SECONDS != 0) {
		vv_form_error(r, time_field, "err.time-grid");
		return VV_INVALID;
	}
	if (!vv_slot_valid(t, now)) {
		int64_t first = vv_slot_earliest(now);
		const char *text = vv_form_time_text(r, first);
		vv_form_error_arg(r, time_field, "err.time-earliest",
				  text ? text : slot_value(r, first, NULL));
		return VV_INVALID;
	}
	*utc = t;
	return 0;
}
