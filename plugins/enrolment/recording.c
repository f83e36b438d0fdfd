/* A recording's page (R-RE-2, R-RE-4): the title and the privacy-enhanced
 * YouTube player (youtube-nocookie.com), which never starts by itself.
 * A customer may open it only on a day it shows in their calendar and
 * only when its type (or its shared group) is theirs; staff open their
 * tenant's. */
#include <string.h>
#include <time.h>
#include "enrolment.h"

/* YouTube ids are 11 characters of URL-safe base64; anything else stored
 * would not become part of the player's address. */
static bool youtube_id_ok(const char *s)
{
	if (!s || strlen(s) != 11)
		return false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

int vv_en_recording(vv_req_t *r)
{
	if (!vv_en_have_recordings(r))
		return VV_NOTFOUND;
	vv_arena_t *a = vv_req_arena(r);
	struct vv_en_viewer v;
	vv_en_viewer(r, &v);
	int err = 0;
	vv_db_res_t *res;
#define REC_COLUMNS                                                                    \
	"e.uuid, e.title, e.youtube_id, UNIX_TIMESTAMP(e.starts_at), e.until_date, e.`repeat`"
	if (v.staff)
		res = vv_db_query(a, &err,
			"SELECT " REC_COLUMNS " FROM recordings e"
			" WHERE e.uuid = ? AND e.tenant_id = ? AND e.status = 'active'",
			"si", vv_req_arg(r, "uuid"), v.tenant);
	else
		res = vv_db_query(a, &err,
			"SELECT " REC_COLUMNS " FROM recordings e"
			" WHERE e.uuid = ? AND e.status = 'active' AND " VV_EN_CUSTOMER_SEES,
			"siiiii", vv_req_arg(r, "uuid"), v.tenant, v.tenant, v.user, v.tenant, v.user);
#undef REC_COLUMNS
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	const char *yt = vv_db_str(res, 2);
	if (!youtube_id_ok(yt))
		return VV_NOTFOUND;
	struct vv_date start, until, today;
	enum vv_repeat rep;
	if (vv_en_local_date(v.tz, vv_db_int(res, 3, 0), &start) != 0 ||
	    vv_repeat_parse(vv_db_str(res, 5), &rep) != 0 ||
	    vv_date_today(v.tz, (int64_t)time(NULL), &today) != 0)
		return VV_NOTFOUND;
	until = start;
	if (vv_db_str(res, 4) && vv_time_parse_date(vv_db_str(res, 4), &until) != 0)
		return VV_NOTFOUND;
	bool on_today = vv_repeat_on(rep, start, until, today);
	if (!v.staff && !on_today)
		return VV_NOTFOUND; /* R-RE-2: only on its days */

	xmlNodePtr n = vv_xml_add(vv_page(r), "recording");
	vv_xml_attr(n, "uuid", vv_db_str(res, 0));
	vv_xml_attr(n, "title", vv_db_str(res, 1));
	/* No autoplay parameter: the player waits for a press (R-RE-2). */
	vv_xml_attr(n, "embed", vv_sprintf(a, "https://www.youtube-nocookie.com/embed/%s", yt));
	vv_xml_attr(n, "today", on_today ? "1" : "0");
	/* The week its card was on (staff open any day's), for the way back. */
	vv_xml_attr_int(n, "week", vv_en_week_param(r));
	return 200;
}
