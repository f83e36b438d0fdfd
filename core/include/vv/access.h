/* Taking back what a change of who sees what no longer allows.
 *
 * A customer sees an event of their own tenant through its type
 * (type_customers) and an organiser's event through a live share of its
 * group with their tenant and their tenant's choice (group_shares +
 * group_customers). Whoever narrows that (unassigns a type, un-shares a
 * group, takes a customer off a shared group, ends a partnership) calls
 * vv_access_revoke inside the same transaction, after the change. */
#ifndef VV_ACCESS_H
#define VV_ACCESS_H

#include <stdint.h>
#include "vv/arena.h"
#include "vv/req.h"

/* Which rows a change can affect, named by two ids (x, y):
 *   SHARE:  the organiser x's events of group y, customers of other tenants;
 *   TYPE:   tenant x's events of type y, its own customers;
 *   SHARED: tenant x's customers in other tenants' events of group y;
 *   USER:   tenant x's customer y in any event. */
enum vv_access_scope {
	VV_ACCESS_SHARE,
	VV_ACCESS_TYPE,
	VV_ACCESS_SHARED,
	VV_ACCESS_USER,
};

/* Every customer in scope who no longer sees a scheduled event that has
 * not ended leaves it (enrolled or waiting; not when staff added them on
 * Tiedot, event_participants.added_by), each event's row locked first;
 * freed seats go to waiting customers who still see the event, and
 * vv_event_changed is called for each event touched. Audited
 * "enrolment.revoked" / "enrolment.promote" (event and user by uuid) in
 * the event's tenant, the customer's and r's; r is the request of the
 * user who made the change, or NULL for the hosting provider (vvctl:
 * user_id NULL). 0 or a negative code. */
int vv_access_revoke(vv_arena_t *a, vv_req_t *r, enum vv_access_scope scope, int64_t x,
		     int64_t y);

#endif
