/* GET /{lang}/ecare/poll: is an event the user is enrolled in running now?
 *   {"now":<epoch s>,"event":null}
 *   {"now":…,"event":{"uuid","name","starts","ends","forced","join"}}
 * One indexed query (ix_participants_user, then events by primary key, the
 * name and whether the user still sees the event by primary keys in the
 * same statement) besides the core's session lookup; no page
 * document, no transform. The core sends Cache-Control: no-store. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "alarm.h"

/* The running event the user joins: of several at once, the one that
 * started last (the one whose alarm is new). The name in the user's device
 * language (staff have none: the page's), else the tenant's, else any. */
static const char POLL_SQL[] =
	"SELECT e.uuid, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at), e.forced_answer,"
	" (SELECT x.name FROM event_texts x WHERE x.event_id = e.id"
	"  ORDER BY x.language = ? DESC, x.language = ? DESC, FIELD(x.language, 'fi', 'sv', 'en')"
	"  LIMIT 1)"
	" FROM event_participants p JOIN events e ON e.id = p.event_id"
	" WHERE p.user_id = ? AND p.status = 'enrolled' AND p.tenant_id = ?"
	" AND e.status = 'scheduled' AND e.starts_at <= FROM_UNIXTIME(?) AND e.ends_at > FROM_UNIXTIME(?)"
	/* Only while the user still sees the event: staff of its tenant, a
	 * customer of its tenant through the type, another tenant's customer
	 * through a live share of its group (R-TY-4). */
	" AND (CASE WHEN p.tenant_id = e.tenant_id"
	"  THEN ? <> 0 OR EXISTS (SELECT 1 FROM type_customers tc WHERE tc.type_id = e.type_id"
	"   AND tc.user_id = p.user_id AND tc.tenant_id = p.tenant_id)"
	"  ELSE EXISTS (SELECT 1 FROM group_customers gc JOIN group_shares s"
	"   ON s.group_id = gc.group_id AND s.tenant_id = gc.tenant_id"
	"   WHERE gc.group_id = e.group_id AND gc.user_id = p.user_id AND gc.tenant_id = p.tenant_id)"
	"  END)"
	" ORDER BY e.starts_at DESC LIMIT 1";

static void json_release(void *j)
{
	json_decref(j);
}

int vv_alarm_poll(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	int64_t now = (int64_t)time(NULL);
	const char *lang = vv_req_user_language(r);
	if (!lang || !*lang)
		lang = vv_req_lang(r);
	int err = 0;
	const int64_t staff = (vv_req_role(r) & VV_ROLES_STAFF) != 0;
	vv_db_res_t *res = vv_db_query(a, &err, POLL_SQL, "ssiiiii", lang, vv_tenant_language(r),
				       vv_req_user_id(r), vv_req_tenant_id(r), now, now, staff);
	if (!res)
		return err ? err : VV_ERR;

	json_t *root = json_object();
	if (!root || vv_arena_cleanup(a, json_release, root) != 0)
		return VV_ERR;
	json_object_set_new(root, "now", json_integer(now));
	json_t *ev = json_null();
	if (vv_db_next(res)) {
		const char *uuid = vv_db_str(res, 0), *name = vv_db_str(res, 4);
		/* Forced answer moves a customer's tablet into the call by itself;
		 * staff always choose. */
		bool forced = vv_db_int(res, 3, 0) != 0 && vv_req_role(r) == VV_ROLE_CUSTOMER;
		ev = json_pack("{s:s, s:s, s:I, s:I, s:b, s:s}", "uuid", uuid, "name", name ? name : "",
			       "starts", (json_int_t)vv_db_int(res, 1, 0), "ends",
			       (json_int_t)vv_db_int(res, 2, 0), "forced", forced, "join",
			       vv_sprintf(a, "/%s/ecare/call/%s", vv_req_lang(r), uuid));
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
