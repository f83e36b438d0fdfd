/* Plugin "alarm" (R-EN-4..6): the poll every page of a signed-in user asks
 * every few seconds whether an event the user is enrolled in is running. The
 * call page it sends them to is plugin "call". Internal to the plugin
 * (plugin.c, poll.c, cache.c). */
#ifndef VV_ALARM_H
#define VV_ALARM_H

#include <vv/vv.h>

/* The poll's answer; strings belong to the request's arena or the cache. */
struct vv_alarm_answer {
	int64_t event_id; /* 0: nothing running */
	const char *uuid, *name;
	int64_t starts, ends; /* epoch seconds */
	bool forced;
	bool record; /* recorded: the bar says so (issue #11) */
};

int vv_alarm_poll(vv_req_t *r); /* poll.c */

/* cache.c: this worker's copies of answers per session key (the 64-hex
 * vv_session_key). get: 1 and *out (valid until the next cache call) when a
 * fresh copy exists for the request's page language, 0 when not, or a
 * negative VV_ code when the changes could not be read. put: keeps ans
 * until valid_until (epoch seconds) unless a change comes first. */
int vv_alarm_cache_get(vv_req_t *r, const char *key_hex, int64_t now,
		       struct vv_alarm_answer *out);
void vv_alarm_cache_put(const char *key_hex, int64_t user_id, int64_t tenant_id,
			const char *page_lang, const struct vv_alarm_answer *ans,
			int64_t valid_until);
void vv_alarm_cache_fini(void);
/* conf [alarm] poll_cache_seconds (300; 0: no copies), read once per worker. */
long vv_alarm_cache_seconds(void);

#endif
