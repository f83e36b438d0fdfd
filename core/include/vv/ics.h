/* iCalendar (RFC 5545) text of events: the .ics attached to an invitation
 * (METHOD:REQUEST, an update with a higher SEQUENCE, METHOD:CANCEL) and a
 * calendar feed (no METHOD). Times are written in the organisation's zone
 * (DTSTART;TZID=...) with a VTIMEZONE built from the system's zoneinfo for
 * the span the events cover, so a calendar program shows the right wall
 * time on both sides of a DST change, whatever zone it runs in.
 * Text is escaped and lines folded at 75 octets (never inside a UTF-8
 * character); lines end CRLF. Everything is arena memory. */
#ifndef VV_ICS_H
#define VV_ICS_H

#include <stdint.h>
#include "vv/arena.h"

typedef struct vv_ics vv_ics_t;

/* One event. Strings are borrowed for the call; NULL leaves a property out
 * (uid, summary and the times are required). */
struct vv_ics_event {
	const char *uid;         /* stable across updates: "<event uuid>@<host>" */
	int sequence;            /* 0 first, +1 for each change sent */
	int64_t start, end;      /* UTC seconds */
	const char *summary;     /* the event's name in the reader's language */
	const char *description; /* plain text, may hold newlines */
	const char *url;         /* the join link (absolute) */
	const char *organizer;   /* display name of the organisation */
	const char *organizer_email; /* mailto address, needed for METHOD:REQUEST */
	const char *attendee_email;  /* the invited person (REQUEST/CANCEL) */
	int cancelled;           /* STATUS:CANCELLED instead of CONFIRMED */
	int64_t stamp;           /* DTSTAMP, UTC seconds (the time of writing) */
	/* An all-day entry (a calendar feed's recording): DTSTART;VALUE=DATE is
	 * start's wall date in the calendar's zone, DTEND the day after end's;
	 * TRANSP:TRANSPARENT, as it takes no time. */
	int all_day;
};

/* Starts a calendar. method: "REQUEST", "CANCEL", "PUBLISH" or NULL (a
 * feed); tz the zone the times are written in ("Europe/Helsinki"), and
 * [from, to) the UTC span the VTIMEZONE must cover (the events' range).
 * name: the calendar's display name (X-WR-CALNAME) or NULL. Returns NULL
 * for an unknown zone. The calendar belongs to a. */
vv_ics_t *vv_ics_begin(vv_arena_t *a, const char *method, const char *tz, int64_t from,
		       int64_t to, const char *name);

/* Adds one VEVENT. 0, or VV_INVALID when a required field is missing. */
int vv_ics_event(vv_ics_t *c, const struct vv_ics_event *e);

/* Ends the calendar; returns its whole text (arena memory, NUL-terminated)
 * and its length in *len when len is not NULL. */
const char *vv_ics_end(vv_ics_t *c, size_t *len);

#endif
