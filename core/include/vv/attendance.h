/* Attendance for care records (issue #11 item 6): every join and leave of
 * every participant of an event's call, as visits (joined, left), never
 * overwritten. The call plugin writes them - a visit opens when the Janus
 * gate admits the participant's join, closes when the ticker's sweep no
 * longer finds them in the room or the event ends - and the pages read
 * them: Tiedot (the event's visits, per person, with the total), the
 * admin's CSV for a date range and the chart of attendance per event type
 * over the weeks. Every reader names the session's tenant; the table is
 * the core's (schema/020_attendance.sql).
 *
 * Functions return 0 (or a count) or a negative VV_ code. */
#ifndef VV_ATTENDANCE_H
#define VV_ATTENDANCE_H

#include <stddef.h>
#include <stdint.h>
#include "vv/arena.h"
#include "vv/req.h"
#include "vv/time.h"
#include "vv/xml.h"

/* Who joined (borrowed strings, copied into the row). */
struct vv_attendee {
	int64_t event_id, tenant_id; /* the event and its tenant */
	int64_t user_id;             /* 0 for a guest */
	const char *participant_id;  /* the id the video adapter handed out */
	const char *member_key;      /* one per person in the event ("u12", "t<hash>") */
	const char *role;            /* "staff", "customer" or "guest" */
	const char *display;         /* the name the call shows */
};

/* A visit opens at the join unless one of the same member is open
 * already (then nothing changes). 1 when it opened one, 0, or a code. */
int vv_attendance_join(vv_arena_t *a, const struct vv_attendee *who);

/* Closes the open visits of event_id (of tenant_id) whose participant is
 * not in present[0..n) - the ids the backend now has in the room - and
 * that opened at least VV_ATTENDANCE_GRACE seconds ago (a join the gate
 * has admitted reaches the backend a moment later). Returns how many it
 * closed, or a code. */
int vv_attendance_sweep(vv_arena_t *a, int64_t event_id, int64_t tenant_id,
			const char *const *present, size_t n);
#define VV_ATTENDANCE_GRACE 5

/* The event ended or was torn down: every open visit closes now. */
int vv_attendance_end(vv_arena_t *a, int64_t event_id, int64_t tenant_id);

/* Closes the visits still open in events no longer running (cancelled,
 * ended while no sweep ran): at the event's end, or now if that is
 * earlier. The ticker's work. Returns how many it closed, or a code. */
int vv_attendance_close_stale(vv_arena_t *a);

/* Adds under parent, for the session's tenant's event_id:
 *   <attendance visits="N">
 *     <person name role partner="0|1" seconds total="h:mm:ss" open="1"?>
 *       <visit joined="d.m.yyyy hh:mm:ss" left="…"? seconds length="h:mm:ss"/>…
 *     </person>…
 *   </attendance>
 * in the tenant's zone, people in order of their first join. A partner
 * tenant's customer has no name (partner="1"), as on the participants
 * list. Returns 0 or a code. */
int vv_attendance_event_xml(vv_req_t *r, xmlNodePtr parent, int64_t event_id);

/* Answers the request with a CSV download (vv/csv.h) of the visits of the
 * session's tenant's event_id (event_id > 0), or of every event of the
 * tenant starting in [from_utc, to_utc) (event_id 0): one record a visit,
 * times in the tenant's zone, headers in the page's language. Returns the
 * status or a code. The caller audits the export. */
int vv_attendance_csv(vv_req_t *r, int64_t event_id, int64_t from_utc, int64_t to_utc,
		      const char *filename);

/* Adds <attendance-chart> under parent: for each event type of the
 * session's tenant with events starting in the weeks from the Monday of
 * from (local dates in the tenant's zone) for weeks weeks (1..53), the
 * customers and guests who joined, per week:
 *   <attendance-chart weeks="N" max="M">
 *     <week i="0" label="49" start="30.11.2026"/>…
 *     <type name="…" total="T"><w i="0" n="3"/>…</type>…
 *   </attendance-chart>
 * Returns 0 or a code. */
int vv_attendance_chart_xml(vv_req_t *r, xmlNodePtr parent, struct vv_date from, int weeks);

/* A customer erased: their visits stay (who took part, when) without the
 * name. Run inside the caller's transaction. Returns 0 or a code. */
int vv_attendance_erase(vv_arena_t *a, int64_t tenant_id, int64_t user_id);

#endif
