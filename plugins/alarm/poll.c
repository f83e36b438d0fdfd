/* GET /{lang}/ecare/poll: is an event the user is enrolled in running now?
 *   {"now":<epoch s>,"event":null}
 *   {"now":…,"event":{"uuid","name","starts","ends","forced","record","join"}}
 *
 * The hottest path of the system: every tablet asks every few seconds.
 * Most polls are answered from this worker's memory (cache.c, which says
 * when a copy is forgotten) without a query, a page document or a
 * transform. Without a copy the poll takes the full path: the core's
 * session lookup and role check (vv_session_require), the event query,
 * and a new copy. The core sends Cache-Control: no-store. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "alarm.h"

/* The running event the user joins: of several at once, the one that
 * started last (the one whose alarm is new). The name in the user's device
 * language (staff have none: the page's), else the tenant's, else any:
 * VV_CARE_EVENT_NAME with both languages (vv/care.h says why one FIELD();
 * plugins/alarm/tests/alarm.test.mjs, the tenant's language).
 * Every enrolled row alarms: one the user could no longer see is deleted
 * by the change that hid it (vv_access_revoke, vv/access.h), and one staff added
 * on Tiedot is an enrolment like any other (R-PA-2, R-EN-4). The last
 * column says how long the answer holds by itself: until the next start
 * among the user's enrolled events (a later start becomes the answer).
 * Always one row (the running columns NULL when nothing runs). */
static const char RUNNING_SQL[] =
	"SELECT e.id, e.uuid, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at), e.forced_answer,"
	" " VV_CARE_EVENT_NAME("e.id", "?, ?") ","
	" (SELECT UNIX_TIMESTAMP(MIN(n.starts_at)) FROM event_participants q"
	"  JOIN events n ON n.id = q.event_id"
	"  WHERE q.user_id = ? AND q.status = 'enrolled' AND q.tenant_id = ?"
	"  AND n.status = 'scheduled' AND n.starts_at > FROM_UNIXTIME(?)), e.record"
	" FROM (SELECT 1 AS one) d"
	" LEFT JOIN (event_participants p JOIN events e ON e.id = p.event_id AND e.status = 'scheduled'"
	"  AND e.starts_at <= FROM_UNIXTIME(?) AND e.ends_at > FROM_UNIXTIME(?))"
	" ON p.user_id = ? AND p.status = 'enrolled' AND p.tenant_id = ?"
	" ORDER BY e.starts_at DESC LIMIT 1";

/* The answer from the database into *ans, in the language name_lang, and
 * *next: the next start among the user's enrolled events (0: none). */
static int read_running(vv_req_t *r, const char *name_lang, int64_t now,
			struct vv_alarm_answer *ans, int64_t *next)
{
	int err = 0;
	const int64_t user = vv_req_user_id(r), tenant = vv_req_tenant_id(r);
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err, RUNNING_SQL,
				       VV_DB_ARGS(VV_DB_S(name_lang),
						  VV_DB_S(vv_tenant_language(r)), VV_DB_I(user),
						  VV_DB_I(tenant), VV_DB_I(now), VV_DB_I(now),
						  VV_DB_I(now), VV_DB_I(user), VV_DB_I(tenant)));
	if (!res)
		return err ? err : VV_ERR;
	memset(ans, 0, sizeof(*ans));
	*next = 0;
	if (!vv_db_next(res))
		return VV_OK;
	*next = vv_db_int(res, 6, 0);
	if (vv_db_str(res, 1)) {
		ans->event_id = vv_db_int(res, 0, 0);
		ans->uuid = vv_db_str(res, 1);
		ans->starts = vv_db_int(res, 2, 0);
		ans->ends = vv_db_int(res, 3, 0);
		/* Forced answer moves a customer's tablet into the call by
		 * itself; staff always choose. */
		ans->forced = vv_db_int(res, 4, 0) != 0 && vv_req_role(r) == VV_ROLE_CUSTOMER;
		ans->name = vv_db_str(res, 5);
		ans->record = vv_db_int(res, 7, 0) != 0;
	}
	return VV_OK;
}

/* Until when ans may be reused (epoch seconds): the cache time, the next
 * start, the end of the running event, the session's own end. */
static int64_t valid_until(vv_req_t *r, int64_t now, int64_t ttl, int64_t next,
			   const struct vv_alarm_answer *ans)
{
	int64_t until = now + ttl;
	if (next > 0 && next < until)
		until = next;
	if (ans->event_id && ans->ends < until)
		until = ans->ends;
	if (vv_session_ends(r) < until)
		until = vv_session_ends(r);
	return until;
}

static void json_release(void *j)
{
	json_decref(j);
}

static int respond(vv_req_t *r, int64_t now, const struct vv_alarm_answer *ans)
{
	vv_arena_t *a = vv_req_arena(r);
	json_t *root = json_object();
	if (!root || vv_arena_cleanup(a, json_release, root) != 0)
		return VV_ERR;
	json_object_set_new(root, "now", json_integer(now));
	json_t *ev = json_null();
	if (ans->event_id) {
		ev = json_pack("{s:s, s:s, s:I, s:I, s:b, s:b, s:s}", "uuid", ans->uuid, "name",
			       ans->name ? ans->name : "", "starts", (json_int_t)ans->starts, "ends",
			       (json_int_t)ans->ends, "forced", ans->forced, "record", ans->record, "join",
			       vv_sprintf(a, "/%s/ecare/call/%s", vv_req_lang(r), ans->uuid));
		if (!ev)
			return VV_ERR;
	}
	json_object_set_new(root, "event", ev);

	char *body = json_dumps(root, JSON_COMPACT);
	if (!body)
		return VV_ERR;
	int st = vv_resp_body(r, "application/json", body, strlen(body));
	free(body);
	return st;
}

int vv_alarm_poll(vv_req_t *r)
{
	int64_t now = (int64_t)time(NULL);
	/* conf [alarm] poll_cache_seconds: how long an answer may be reused
	 * at most; 0 asks the database every time. */
	int64_t ttl = vv_alarm_cache_seconds();
	const char *key = vv_session_key(r);
	struct vv_alarm_answer ans;
	if (key && ttl > 0) {
		int found = vv_alarm_cache_get(r, key, now, &ans);
		if (found < 0)
			return found;
		if (found)
			return respond(r, now, &ans);
	}

	int rc = vv_session_require(r);
	if (rc != VV_OK)
		return rc;
	const char *ulang = vv_req_user_language(r);
	bool own = ulang && *ulang;
	int64_t next = 0;
	rc = read_running(r, own ? ulang : vv_req_lang(r), now, &ans, &next);
	if (rc < 0)
		return rc;
	int64_t until = valid_until(r, now, ttl, next, &ans);
	if (key && ttl > 0 && until > now)
		vv_alarm_cache_put(key, vv_req_user_id(r), vv_req_tenant_id(r),
				   own ? NULL : vv_req_lang(r), &ans, until);
	return respond(r, now, &ans);
}
