/* A date range typed into a filter (Tapahtumaloki, Läsnäolo): local days
 * of the tenant, turned into the UTC instants the database compares. */
#include <string.h>
#include "admin.h"

/* One field: true when unset or valid (*d, *utc at its 00:00 + days). */
static bool day(vv_req_t *r, const char *field, int plus, const char **typed, bool *has,
		struct vv_date *d, int64_t *utc)
{
	const char *v = vv_req_query(r, field);
	*typed = v ? v : "";
	*has = false;
	*utc = 0;
	if (!**typed)
		return true;
	struct vv_date x;
	if (vv_time_parse_date(*typed, &x) != 0) {
		vv_form_error(r, field, "admin.err.date");
		return false;
	}
	struct vv_date y = vv_date_add_days(x, plus);
	if (vv_time_from_local(vv_tenant_tz(r), y.y, y.m, y.d, 0, 0, utc, NULL) != 0) {
		vv_form_error(r, field, "admin.err.date");
		return false;
	}
	*d = x;
	*has = true;
	return true;
}

bool vv_admin_range_read(vv_req_t *r, struct vv_admin_range *out, int max_days)
{
	memset(out, 0, sizeof(*out));
	bool ok = day(r, "from", 0, &out->from, &out->has_from, &out->dfrom, &out->from_utc);
	ok = day(r, "to", 1, &out->to, &out->has_to, &out->dto, &out->to_utc) && ok;
	if (!ok)
		return false;
	if (out->has_from && out->has_to && vv_date_cmp(out->dfrom, out->dto) > 0) {
		vv_form_error(r, "to", "admin.err.range-order");
		return false;
	}
	if (max_days > 0 && out->has_from && out->has_to &&
	    vv_date_diff(out->dfrom, out->dto) >= max_days) {
		vv_form_error(r, "to", "admin.err.range-long");
		return false;
	}
	return true;
}
