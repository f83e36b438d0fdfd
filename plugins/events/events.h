/* Plugin "events" (Muokkaa kalenteria, R-EV): the operator's list of
 * events, the create and edit forms, weekly series, Tiedot with join links,
 * cancelling, and the public join-link page. Internal to the plugin
 * (plugin.c, form.c, create.c, series.c, edit.c, list.c, details.c,
 * join.c). Every function works on the
 * tenant of the session, except the join page, which works on the tenant
 * of the link's event. */
#ifndef VV_EVENTS_H
#define VV_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

#define VV_EVENTS_NAME_MAX 200   /* characters: event_texts.name */
#define VV_EVENTS_DESC_MAX 4000  /* characters: event_texts.description */
#define VV_EVENTS_TOKEN_BYTES 32 /* join link tokens */
/* An event is under way from this long before its start, when its video
 * room opens (CALL_EARLY_SECONDS, plugins/call/call.h; keep them equal):
 * from then on rooms and call tokens exist with its times and settings,
 * so an edit changes only its texts (edit.c). */
#define VV_EVENTS_OPEN_SECONDS 300

/* Handlers. */
int vv_events_list(vv_req_t *r);           /* list.c */

/* listcache.c: the first page of the upcoming list (Muokkaa kalenteria,
 * what operators open) as last read, kept per worker for the tenant while
 * the change rows of the tenant and its content (the 't' and 'c' parts of
 * vv_req_changes: every change to an event, its texts, participants and
 * types writes ('c', tenant)) are what they were then, and until the first
 * of its events ends (the list asks ends_at > now). cell[i] are the
 * columns uuid, name, type, starts, ends, duration, enrolled, max, and
 * its series' uuid, weekdays and every-N-weeks (NULL for a single event) of
 * row i. The memory stays the cache's until the next put. */
#define VV_EVENTS_LIST_PAGE 50
#define VV_EVENTS_LIST_COLS 11
struct vv_events_rows {
	int n;
	bool more;
	const char *cell[VV_EVENTS_LIST_PAGE][VV_EVENTS_LIST_COLS];
};
const struct vv_events_rows *vv_events_listcache_get(int64_t tenant, const char *sig, int64_t now);
void vv_events_listcache_put(int64_t tenant, const char *sig, const struct vv_events_rows *rows,
			     int64_t valid_until);
int vv_events_delete_form(vv_req_t *r);    /* list.c */
int vv_events_delete_post(vv_req_t *r);    /* list.c */
int vv_events_new_form(vv_req_t *r);       /* create.c */
int vv_events_new_post(vv_req_t *r);       /* create.c */
int vv_events_edit_form(vv_req_t *r);      /* edit.c */
int vv_events_edit_post(vv_req_t *r);      /* edit.c */
int vv_events_details(vv_req_t *r);        /* details.c */
int vv_events_links_issue(vv_req_t *r);    /* details.c */
int vv_events_links_revoke(vv_req_t *r);   /* details.c */
int vv_events_attendance_csv(vv_req_t *r); /* attendance.c */
/* True when the form was sent with "show the day's times" (name slots):
 * its errors are dropped and the caller shows it again, status 200
 * (form.c). */
bool vv_events_slots_only(vv_req_t *r);
/* GET /ecare/events/slots?date=: the day's times as JSON (form.c). */
int vv_events_slots(vv_req_t *r);
/* The scheme and host join links start with, without a trailing '/':
 * [app] public_url, else the request's (details.c). Arena memory. */
const char *vv_events_public_base(vv_req_t *r);
int vv_events_join(vv_req_t *r);           /* join.c */

/* One event of the session's tenant, as the pages show it; strings in
 * arena memory, times as UTC "YYYY-MM-DD HH:MM:SS". */
struct vv_events_event {
	int64_t id;
	const char *uuid;
	const char *name;      /* in the tenant's language, else the first */
	const char *type_name;
	const char *starts_at, *ends_at;
	int64_t starts_utc, ends_utc;
	int64_t duration;      /* minutes */
	int64_t max_participants;
	int64_t enrolled;      /* Osallistujamäärä: VV_CARE_PEOPLE (vv/care.h) */
	bool record, forced;
	const char *room_id;
	const char *status;    /* scheduled, cancelled, ended */
	const char *langs;     /* "fi,sv" */
	const char *group_name; /* NULL when not shared */
};

/* Loads the event named by the route's {uuid} if it belongs to the
 * session's tenant and is not cancelled; VV_NOTFOUND otherwise (another
 * tenant's uuid included). */
int vv_events_load(vv_req_t *r, struct vv_events_event *e);

/* Adds <event .../> with e's fields under parent and returns it. */
xmlNodePtr vv_events_event_xml(vv_req_t *r, xmlNodePtr parent, const struct vv_events_event *e);

/* The event form's fields as typed (form.c); strings in arena memory. */
struct vv_events_form {
	const char *max, *type, *group, *date, *time, *duration;
	bool record, forced;
	bool lang[VV_LANGS];
	const char *name[VV_LANGS], *desc[VV_LANGS];
};

/* What a valid form becomes; times in UTC seconds. */
struct vv_events_values {
	int64_t type_id, group_id; /* creating only */
	int64_t max, minutes, starts, ends;
};

/* Reads and checks the form into f and v, recording a message next to
 * each field at fault (R-EV-9). old is the event being edited, NULL for a
 * new one: then type and group are not read, values old already has are
 * not checked against the contract again, old's own start may stay (a new
 * one is on the grid and in the future), and when under_way only the texts
 * are read, the rest kept from old. 0, or a negative code when a check
 * could not be made. */
int vv_events_read_form(vv_req_t *r, struct vv_events_form *f, struct vv_events_values *v,
			const struct vv_events_event *old, bool under_way);

/* Adds <event-form> with the contract's limits, the choices (the type and
 * group options only when choices) and f's values, and returns it; NULL
 * with the code in *rc when the contract could not be read. */
xmlNodePtr vv_events_render_form(vv_req_t *r, const struct vv_events_form *f, bool choices,
				 int *rc);

/* f and v as the care domain writes them (vv_care_event_create,
 * vv_care_event_update, vv_care_event_texts); texts[VV_LANGS]. */
void vv_events_care(const struct vv_events_form *f, const struct vv_events_values *v,
		    struct vv_care_settings *s, struct vv_care_text *texts);

/* The wall date "YYYY-MM-DD" and time "HH:MM" of utc in the tenant's
 * zone, in arena memory; 0 or VV_INVALID. */
int vv_events_local(vv_req_t *r, int64_t utc, const char **date, const char **hhmm);

/* Adds <flash key="events.flash.X"/> for a known ?done=X. */
void vv_events_flash(vv_req_t *r);

/* <consents> of a recorded event for Tiedot (consents.c): 0 or a negative code. */
int vv_events_consents_xml(vv_req_t *r, const struct vv_events_event *e);

/* Code points in a multi-line text, or -1 when it holds a control
 * character other than tab, CR and LF. Form values are valid UTF-8 already
 * (the core refuses a request that is not); one-line fields use
 * vv_utf8_chars / vv_form_line (vv/form.h). */
long vv_events_text_chars(const char *s);

/* Creating (create.c): the checks creation makes under the tenant's lock
 * (vv_contract_lock first, then capacity, recording, length, the type and
 * group rows share-locked), all but the events running at once, which
 * depend on the times: 0, CREATE_REFUSED with the message on its field,
 * or a code. Then one event written through the care domain with its
 * room and audit row: its id, *uuid (arena) set; or a code. Inside
 * vv_db_tx. */
#define CREATE_REFUSED 1
int vv_events_create_checks(vv_arena_t *a, vv_req_t *r, const struct vv_events_form *f,
			    const struct vv_events_values *v);
int64_t vv_events_create_one(vv_arena_t *a, vv_req_t *r, const struct vv_video_ops *video,
			     const struct vv_events_form *f, const struct vv_events_values *v,
			     const char **uuid);

/* Weekly series (series.c, issue 16): the form's "Toistuu" fields as
 * typed (strings in arena memory) and, when valid, the rule. */
#define VV_EVENTS_SERIES_MAX 100 /* occurrences of one series */
#define VV_EVENTS_SKIP_MAX 100   /* exceptions typed */
struct vv_events_repeat {
	bool on;              /* repeat=weekly */
	bool wday[7];         /* Monday .. Sunday */
	const char *every, *ends, *count, *until, *skip;
	struct vv_weekly rule;
};
/* Reads and checks the repeat fields (when repeat=weekly) against the
 * form's start date; messages next to wday, every, count, until, skip. */
void vv_events_read_repeat(vv_req_t *r, struct vv_events_repeat *rp, const char *date);
/* Adds the repeat fields' values to the event form. */
void vv_events_render_repeat(vv_req_t *r, xmlNodePtr form, const struct vv_events_repeat *rp);
/* Creates every occurrence of rp's rule at f's time of day (wall time in
 * the tenant's zone, so across a DST change too) with f and v's settings,
 * in one transaction: a check that fails for any occurrence leaves
 * nothing written and its message, naming the dates, on its field.
 * 0 with *uuid the first occurrence's, CREATE_REFUSED, or a code. */
int vv_events_series_create(vv_req_t *r, const struct vv_events_form *f,
			    const struct vv_events_values *v, const struct vv_events_repeat *rp,
			    const char **uuid);
/* "12.1.2027, 19.1.2027" (fi, sv) or "2027-01-12, ..." (en): the dates
 * a message names, in the page's language; arena memory. */
const char *vv_events_dates_text(vv_req_t *r, const struct vv_date *d, int n);
/* The series event id belongs to, as <series uuid rule.../> under parent
 * with its upcoming occurrences counted; nothing when it has none.
 * 0 or a code. */
int vv_events_series_xml(vv_req_t *r, xmlNodePtr parent, int64_t event_id);
/* <wday value="1..7"/> (Monday .. Sunday) under n for each bit of mask
 * (event_series.weekdays: bit 0 = Sunday). */
void vv_events_wdays_xml(xmlNodePtr n, unsigned mask);

#endif
