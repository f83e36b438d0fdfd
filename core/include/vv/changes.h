/* Telling the core that shared data changed, so that what was derived
 * from it is not served stale.
 *
 * Two things are derived from an event and its participants: its
 * enrolled count (events.enrolled, the number of enrolled customers that
 * the capacity limits), and the alarm poll's answer, which each worker
 * keeps in memory per session ("is an event I am enrolled in running").
 * The workers learn what changed from table changes (schema/006), at most
 * a second late (conf [alarm] poll_check_ms).
 *
 * A plugin that changes an event (its times, its status) or its
 * participants (adds, removes, enrols, cancels, promotes from the waiting
 * list) calls vv_event_changed in the same transaction, after the change;
 * one that changes a user's role or language, or ends their sessions,
 * calls vv_user_changed; one that changes a tenant's language or time
 * zone, vv_tenant_changed. Both are idempotent upserts: calling them once
 * too often costs the next poll a refill, forgetting them serves a wrong
 * alarm until the copy's own expiry.
 *
 * A third thing is derived per tenant: the customer's calendar, which each
 * worker keeps per customer and week (plugin enrolment) and checks on every
 * request against the rows ('u', user), ('t', tenant) and ('c', tenant).
 * vv_event_changed writes ('c', the event's tenant and every tenant its
 * group is shared with); a change to what customers are shown that is not
 * an event's (types, groups, shares, assignments, recordings) calls
 * vv_content_changed. Forgetting it serves a stale calendar until the
 * copy's own expiry (five minutes). */
#ifndef VV_CHANGES_H
#define VV_CHANGES_H

#include <stdint.h>
#include "vv/arena.h"

/* Recounts event_id's enrolled customers and records that the event and
 * everyone who is its participant now changed (call after the change: a
 * removed participant is caught through the event, an added one by name).
 * 0 or a negative VV_ code. */
int vv_event_changed(vv_arena_t *a, int64_t event_id);

/* Records that a user changed (role, language, sessions ended). */
int vv_user_changed(vv_arena_t *a, int64_t user_id);

/* Records that a tenant's settings changed (its language names an event
 * that has no text in the user's own). */
int vv_tenant_changed(vv_arena_t *a, int64_t tenant_id);

/* Records that what tenant_id's customers may be shown changed: an event
 * type, a group, an assignment, a share or a recording. With group_id (not
 * 0), also every tenant that group is shared with now: call it before
 * removing a share as well as after adding one. 0 or a negative VV_ code. */
int vv_content_changed(vv_arena_t *a, int64_t tenant_id, int64_t group_id);

#endif
