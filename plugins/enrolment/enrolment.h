/* Plugin "enrolment" (R-EN-1..3, R-NAV-3): the VV Home calendar of a
 * customer's tablet (and of staff), an event's page with Ilmoittaudu /
 * Peru ilmoittautuminen / Ilmoittaudu jonoon, and a recording's page.
 * Internal to the plugin (plugin.c, calendar.c, enrol.c, recording.c).
 *
 * Who sees what: a customer sees the scheduled events of the types
 * assigned to them in their own tenant and of the external groups shared
 * with their tenant that their admin chose for them, only when their
 * device language is one of the event's languages, and the recordings of
 * their assigned types and shared groups on the recordings' days. A
 * customer who holds a row in an event (staff added them on Tiedot, R-PA-2,
 * or they enrolled while they saw it) sees that event too, in their
 * language if it has one, else in the event's first: they are expected in
 * it and its alarm rings for them. Staff see their tenant's events (all
 * types) and recordings. Anything else is VV_NOTFOUND. */
#ifndef VV_ENROLMENT_H
#define VV_ENROLMENT_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

/* Handlers. */
int vv_en_calendar(vv_req_t *r);  /* calendar.c */
int vv_en_event(vv_req_t *r);     /* enrol.c */
int vv_en_enrol(vv_req_t *r);     /* enrol.c */
int vv_en_cancel(vv_req_t *r);    /* enrol.c */
int vv_en_recording(vv_req_t *r); /* recording.c */
int vv_en_recording_video(vv_req_t *r); /* recording.c: a recorded event's file */

/* Days one page of the calendar shows (R-EN-1). Week 0 is today and the
 * six days after it; week n the seven days from today + 7n. Rolling weeks
 * rather than Monday-Sunday ones: the first page starts with today (one
 * screen for today, UX.md) and keeps seven days on a Sunday, every day is on
 * exactly one page, and every page is as long as the others. */
#define VV_EN_DAYS 7

/* Weeks the calendar reaches beyond the current one: [calendar]
 * weeks_ahead, default 52, kept within 0..520. */
#define VV_EN_WEEKS_DEFAULT 52
#define VV_EN_WEEKS_MAX 520
int vv_en_weeks_ahead(void);

/* The week ?week= asks for, never an error: a whole number within
 * 0..vv_en_weeks_ahead() as it is, a larger one the last week, and
 * anything else (absent, empty, negative, "abc", "1.5") the current week. */
int vv_en_week_param(vv_req_t *r);

/* The week whose page shows the local day of utc in tz (days before today
 * count as today's: a running event), clamped as vv_en_week_param; 0 when
 * the zone or the instant cannot be read. */
int vv_en_week_of(const char *tz, int64_t now, int64_t utc);

/* Who is looking, and in which language they read event texts. */
struct vv_en_viewer {
	bool staff;
	int64_t user, tenant;
	const char *dlang; /* the device language: users.language, else the tenant's */
	const char *tz;    /* the tenant's zone */
};

void vv_en_viewer(vv_req_t *r, struct vv_en_viewer *v);

/* Who sees what is the care domain's rule (vv/care.h): VV_CARE_SEES and
 * VV_CARE_HOLDS with parameters ("?", "?"), the text in the device
 * language VV_CARE_TEXT_JOIN. */
#define VV_EN_SEES VV_CARE_SEES("?", "?")   /* "iiiii": tenant, tenant, user, tenant, user */
#define VV_EN_HOLDS VV_CARE_HOLDS("?", "?") /* "ii": tenant, user */

/* The event named by the route's {uuid}, as the viewer may see it. */
struct vv_en_event {
	int64_t id;
	const char *uuid;
	const char *name, *description, *text_lang; /* arena; description may be NULL */
	int64_t starts, ends;                       /* UTC seconds */
	int64_t max, enrolled;                      /* customers (the seats) */
	int64_t people;                             /* Osallistujamäärä (vv/care.h) */
	bool open;                                  /* not ended yet */
	const char *mine;                           /* "enrolled", "waiting" or NULL */
	int64_t position;                           /* on the waiting list, from 1; 0 */
	bool record;                                /* recorded: the page says so (issue #11) */
};

/* Loads it; VV_NOTFOUND when the viewer may not see it (another tenant's,
 * cancelled or ended by staff, unassigned type or other language and no
 * row of theirs). */
int vv_en_event_load(vv_req_t *r, const struct vv_en_viewer *v, struct vv_en_event *e);

/* Adds <flash key="enrol.flash.X"/> for a known ?done=X. */
void vv_en_flash(vv_req_t *r);

/* True once the recordings table (schema/004) exists; asked again on each
 * request until it does, then remembered for the worker's life. */
bool vv_en_have_recordings(vv_req_t *r);

/* Local calendar date of a UTC instant in tz; 0 or VV_INVALID. */
int vv_en_local_date(const char *tz, int64_t utc, struct vv_date *out);

/* UTC instant of local midnight (or the first hour that exists) of day in tz. */
int vv_en_day_start(const char *tz, struct vv_date day, int64_t *utc);

/* "YYYY-MM-DD", arena memory. */
const char *vv_en_date_str(vv_arena_t *a, struct vv_date d);

/* One thing a customer's calendar week shows (calendar.c builds them,
 * calcache.c keeps them): an event, or a recording on one of its days. */
struct vv_en_item {
	int day;        /* 0..VV_EN_DAYS-1 */
	bool event;     /* else a recording: uuid and name (its title) only */
	char *uuid, *name, *lang, *mine; /* mine: the viewer's status, or NULL */
	int64_t starts, ends, seats, people;
	bool record;    /* the event is recorded (issue #11: said before one enrols) */
};

struct vv_en_week_items {
	size_t n;
	struct vv_en_item *item;
};

/* calcache.c: a customer's week as last read, kept per worker for
 * (user, tenant, week, first day, device language) while the change rows
 * of the user, their tenant and their tenant's content (vv/changes.h) are
 * what they were then. vv_en_calcache_sig is those rows as the
 * session check read them (vv_req_changes; NULL: nothing is kept); vv_en_calcache_get
 * returns the kept week when its signature is sig and valid_until (epoch
 * seconds) has not passed, else NULL; the memory stays the cache's until
 * the next put. vv_en_calcache_put copies week, read after sig was. */
const char *vv_en_calcache_sig(vv_req_t *r, const struct vv_en_viewer *v);
const struct vv_en_week_items *vv_en_calcache_get(const struct vv_en_viewer *v, int week,
						  const char *first, const char *sig,
						  int64_t now);
void vv_en_calcache_put(const struct vv_en_viewer *v, int week, const char *first,
			const char *sig, const struct vv_en_week_items *w, int64_t valid_until);

#endif
