/* Plugin "events" (Muokkaa kalenteria, R-EV): the operator's list of
 * events, the create form, Tiedot with join links, cancelling, and the
 * public join-link page. Internal to the plugin (plugin.c, form.c,
 * create.c, list.c, details.c, join.c). Every function works on the
 * tenant of the session, except the join page, which works on the tenant
 * of the link's event. */
#ifndef VV_EVENTS_H
#define VV_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

#define VV_EVENTS_NAME_MAX 200   /* characters: event_texts.name */
#define VV_EVENTS_DESC_MAX 4000  /* characters: event_texts.description */
#define VV_EVENTS_LANGS 3        /* fi, sv, en */
#define VV_EVENTS_TOKEN_BYTES 32 /* join link tokens */

/* Handlers. */
int vv_events_list(vv_req_t *r);           /* list.c */
int vv_events_delete_form(vv_req_t *r);    /* list.c */
int vv_events_delete_post(vv_req_t *r);    /* list.c */
int vv_events_new_form(vv_req_t *r);       /* create.c */
int vv_events_new_post(vv_req_t *r);       /* create.c */
int vv_events_details(vv_req_t *r);        /* details.c */
int vv_events_links_issue(vv_req_t *r);    /* details.c */
int vv_events_links_revoke(vv_req_t *r);   /* details.c */
int vv_events_join(vv_req_t *r);           /* join.c */

/* The page languages in catalogue order. */
extern const char *const vv_events_langs[VV_EVENTS_LANGS];

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
	int64_t enrolled;      /* event_participants with status 'enrolled' */
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

/* Adds <flash key="events.flash.X"/> for a known ?done=X. */
void vv_events_flash(vv_req_t *r);

/* "YYYY-MM-DD HH:MM:SS" of a UTC instant, in arena memory. */
const char *vv_events_sql_time(vv_req_t *r, int64_t utc);

/* Code points in a multi-line text, or -1 when it holds a control
 * character other than tab, CR and LF. Form values are valid UTF-8 already
 * (the core refuses a request that is not); one-line fields use
 * vv_utf8_chars / vv_form_line (vv/form.h). */
long vv_events_text_chars(const char *s);

#endif
