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
 * alarm until the copy's own expiry. */
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

#endif
