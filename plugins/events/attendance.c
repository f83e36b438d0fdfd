/* Läsnäolo on Tiedot: who was in the event's call and when, as a CSV
 * download for care records (vv/attendance.h holds the visits; Tiedot
 * shows them through details.c). Downloading is audited: it hands
 * personal data out of the service. */
#include "events.h"

static int export_audit_tx(vv_arena_t *a, void *p)
{
	struct { vv_req_t *r; const struct vv_events_event *e; } *c = p;
	return vv_audit(c->r, "event.attendance.export", vv_sprintf(a, "event=%s", c->e->uuid));
}

int vv_events_attendance_csv(vv_req_t *r)
{
	struct vv_events_event e;
	int rc = vv_events_load(r, &e);
	if (rc != 0)
		return rc;
	struct { vv_req_t *r; const struct vv_events_event *e; } c = {r, &e};
	rc = vv_db_tx(vv_req_arena(r), export_audit_tx, &c);
	if (rc < 0)
		return rc;
	return vv_attendance_csv(r, e.id, 0, 0,
				 vv_sprintf(vv_req_arena(r), "attendance-%s.csv", e.uuid));
}
