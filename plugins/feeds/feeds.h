/* Plugin "feeds" (issue 16, deliverable 2): a calendar feed (RFC 5545) per
 * user at a secret, revocable address /feed/<token>/calendar.ics. A customer's feed
 * holds what their calendar shows them (VV_CARE_SEES in their language, or
 * VV_CARE_HOLDS) and their recordings as all-day entries on their days; a
 * staff member's every event of their organisation. Cancelled events stay
 * for VV_FEEDS_CANCELLED_DAYS as STATUS:CANCELLED so that calendar programs
 * take them out. Internal to the plugin (plugin.c, token.c, feed.c, page.c). */
#ifndef VV_FEEDS_H
#define VV_FEEDS_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>
#include <vv/ics.h>
#include <vv/text.h>

/* How far back a feed reaches (ended and cancelled events), and ahead
 * (recordings' repeats are written out day by day up to it). */
#define VV_FEEDS_PAST_DAYS 31
#define VV_FEEDS_CANCELLED_DAYS 31
#define VV_FEEDS_AHEAD_DAYS 366

/* Bytes of randomness in a feed token (43 characters). */
#define VV_FEEDS_TOKEN_BYTES 32

/* Handlers. */
int vv_feeds_serve(vv_req_t *r);        /* feed.c: GET /feed/{token}[/calendar.ics] */
int vv_feeds_own_page(vv_req_t *r);     /* page.c: staff, their own feed */
int vv_feeds_own_post(vv_req_t *r);
int vv_feeds_admin_page(vv_req_t *r);   /* page.c: the admin, a customer's */
int vv_feeds_admin_post(vv_req_t *r);

/* The live feed of user (of tenant): 1 and its creation time (UTC
 * seconds) in *created, 0 for none, or a negative code. */
int vv_feeds_live(vv_arena_t *a, int64_t tenant, int64_t user, int64_t *created);

/* Revokes user's live feed and, when issue, makes a new one, in one
 * transaction with an audit row in r's tenant; *token gets the new token
 * (arena memory) - the only time it exists outside the user's calendar.
 * 0 or a negative code. */
int vv_feeds_replace(vv_req_t *r, int64_t tenant, int64_t user, bool issue, const char **token);

/* The feed's absolute address for token, or NULL when [app] public_url
 * is not set (a relative one cannot be pasted into a calendar program). */
const char *vv_feeds_url(vv_arena_t *a, const char *token);

#endif
