/* The shared care domain: the rules about events and their participants
 * that more than one plugin applies, each written once here so that the
 * pages, the calendar, the alarm poll and the call cannot drift apart.
 *
 *   - who may see an event (VV_CARE_SEES, VV_CARE_HOLDS, vv_care_sees);
 *   - the event's row lock every writer of its participants takes first
 *     (vv_care_lock), so the count read under it is the truth;
 *   - the two counts (VV_CARE_PEOPLE, VV_CARE_SEATED, vv_care_count):
 *     Osallistujamäärä is how many people take part - customers of any
 *     tenant, staff and guests with status 'enrolled', never the waiting
 *     list; the seats max_participants (Osallistujien maksimimäärä)
 *     limits are held by enrolled customers only (events.enrolled, kept by
 *     vv_event_changed). Every page shows those two numbers and nothing
 *     else: Muokkaa kalenteria and Tiedot the people, the calendar and the
 *     event page the people and the seats left (max - seated);
 *   - waiting-list promotion (vv_care_promote), with its one audit row;
 *   - an event's name or description in a language (VV_CARE_EVENT_TEXT);
 *   - the participants section of Tiedot (vv_care_participants_xml).
 *
 * SQL fragments name the event by an SQL expression E (e.g. "e.id") and
 * say how many parameters they take, in order. */
#ifndef VV_CARE_H
#define VV_CARE_H

#include <stdbool.h>
#include <stdint.h>
#include "vv/arena.h"
#include "vv/req.h"
#include "vv/xml.h"
#include "vv/form.h" /* VV_LANGS */

/* ---- Texts */

/* The order that picks an event's text for a reader: the languages LANGS
 * ("?" or "?, ?", most wanted first) if the event has one of them, else
 * its first of fi, sv, en. One FIELD() with the wanted languages as
 * parameters, never "language = ? DESC": MariaDB 10.11 drops the second of
 * two such keys for good when the first execution of the prepared
 * statement binds them equal (a fi user of a fi tenant), and the text then
 * comes out in the wrong language for everyone after on that connection.
 * X is the table alias. */
#define VV_CARE_TEXT_ORDER(X, LANGS) \
	" ORDER BY FIELD(" X ".language, " LANGS ", 'fi', 'sv', 'en') LIMIT 1"

/* Scalar subquery: column COL (name, description, language) of event E's
 * text in LANGS (one parameter per "?" in LANGS). */
#define VV_CARE_EVENT_TEXT(COL, E, LANGS)                                              \
	"(SELECT x_." COL " FROM event_texts x_ WHERE x_.event_id = " E                \
	VV_CARE_TEXT_ORDER("x_", LANGS) ")"

/* The event's name in LANGS, as VV_CARE_EVENT_TEXT. */
#define VV_CARE_EVENT_NAME(E, LANGS) VV_CARE_EVENT_TEXT("name", E, LANGS)

/* Scalar subquery: recording R's title in LANGS (as VV_CARE_EVENT_TEXT),
 * its recordings.title when it has no text rows (R is the column
 * expression of its id, RT its title column). */
#define VV_CARE_RECORDING_TITLE(R, RT, LANGS)                                          \
	"COALESCE((SELECT x_.title FROM recording_texts x_ WHERE x_.recording_id = " R  \
	VV_CARE_TEXT_ORDER("x_", LANGS) "), " RT ")"

/* Joins event E's text in LANGS as x (all its columns). LEFT for staff
 * pages (an event always has a text, but a page never loses a row to it). */
#define VV_CARE_TEXT_JOIN(JOIN, E, LANGS)                                              \
	" " JOIN " event_texts x ON x.event_id = " E " AND x.language = "              \
	VV_CARE_EVENT_TEXT("language", E, LANGS)

/* ---- Who sees an event */

/* "The customer (tenant T, user U) is shown event e": in e's own tenant
 * through its type (type_customers), from another tenant through a live
 * share of e's group and their admin's choice (group_shares +
 * group_customers). T and U are SQL expressions ("?" or a column); as
 * parameters five: T, T, U, T, U. The calendar, the event page and
 * enrolment use it (and a language: R-EV-7), vv_access_revoke its negation
 * for participant rows (T = p.tenant_id, U = p.user_id). An event
 * without a group makes the second part false, not NULL, so that the
 * negation holds; IN rather than EXISTS keeps the calendar's plan (the
 * subqueries become semi-joins on the viewer's few types and groups). */
#define VV_CARE_SEES(T, U)                                                             \
	"((e.tenant_id = " T " AND e.type_id IN (SELECT tc.type_id FROM type_customers tc" \
	"   WHERE tc.tenant_id = " T " AND tc.user_id = " U "))"                           \
	" OR (e.group_id IS NOT NULL AND e.group_id IN (SELECT gc.group_id"              \
	"   FROM group_customers gc"                                                     \
	"   JOIN group_shares s ON s.group_id = gc.group_id AND s.tenant_id = gc.tenant_id" \
	"   WHERE gc.tenant_id = " T " AND gc.user_id = " U ")))"

/* "The customer (tenant T, user U) holds a row in event e", enrolled or
 * waiting: two parameters T, U. Such a customer sees e whatever they are
 * assigned: staff added them (R-PA-2), or they enrolled while they saw it
 * and vv_access_revoke has not taken them out. The alarm poll and the
 * call admit exactly the 'enrolled' rows, which by this rule are seen. */
#define VV_CARE_HOLDS(T, U)                                                            \
	"EXISTS (SELECT 1 FROM event_participants h WHERE h.event_id = e.id"             \
	" AND h.tenant_id = " T " AND h.user_id = " U " AND h.status IN ('enrolled', 'waiting'))"

/* A participant row p that staff added on Tiedot (added_by another user):
 * no change of assignments or shares takes it out. */
#define VV_CARE_STAFF_ADDED "(p.added_by IS NOT NULL AND p.added_by <> p.user_id)"

/* Whether customer user of tenant sees event_id (VV_CARE_SEES or
 * VV_CARE_HOLDS); asked under the event's lock by enrolment so that a
 * type or share taken away meanwhile is seen. Locking reads: inside a
 * transaction the row that lets them see it stays locked until the
 * commit, so a change that takes it away (and then vv_access_revoke)
 * waits for the enrolment, or the enrolment for the change. 1 yes, 0 no,
 * or a negative code. */
int vv_care_sees(vv_arena_t *a, int64_t event_id, int64_t tenant, int64_t user);

/* ---- The event's lock */

/* An event as its writers need it, read under its row lock. */
struct vv_care_event {
	int64_t id, tenant_id;
	const char *uuid;  /* arena */
	int64_t capacity;  /* max_participants: customers */
	bool open;         /* scheduled and not ended: takes changes */
};

/* Inside vv_db_tx, before anything else of the event: locks event_id's
 * row (SELECT ... FOR UPDATE) and reads it into *e. Every writer of an
 * event's participants does so, so adds, enrolments, cancellations,
 * removals, capacity edits and revocations of one event take turns.
 * tenant_id 0 for any tenant's event (enrolment: a partner's customer),
 * else only that tenant's. 0 or VV_NOTFOUND or a database code. */
int vv_care_lock(vv_arena_t *a, int64_t event_id, int64_t tenant_id, struct vv_care_event *e);

/* ---- The counts */

/* Osallistujamäärä: people taking part in event E (enrolled customers,
 * staff and guests of every tenant). No parameters. */
#define VV_CARE_PEOPLE(E)                                                              \
	"(SELECT COUNT(*) FROM event_participants pc_ WHERE pc_.event_id = " E            \
	" AND pc_.status = 'enrolled')"

/* Seats taken: enrolled customers of event E, what max_participants
 * limits (events.enrolled is a copy, vv_event_changed). No parameters. */
#define VV_CARE_SEATED(E)                                                              \
	"(SELECT COUNT(*) FROM event_participants pc_ WHERE pc_.event_id = " E            \
	" AND pc_.kind = 'customer' AND pc_.status = 'enrolled')"

struct vv_care_count {
	int64_t people; /* Osallistujamäärä */
	int64_t seated; /* enrolled customers */
	int64_t waiting;
};

/* Counts event_id's participants now into *c (zeros for no such event;
 * under the event's lock when the caller decides on them). 0 or a
 * negative code. */
int vv_care_count(vv_arena_t *a, int64_t event_id, struct vv_care_count *c);

/* ---- Waiting-list promotion */

/* After a change that may free seats of a locked event (a cancellation,
 * a removal, a raised capacity, a customer taken out by
 * vv_access_revoke), in the same transaction: while enrolled customers
 * are fewer than e->capacity, the longest-waiting customer (lowest row
 * id) is enrolled. Everyone waiting sees the event: a change that hides
 * it takes the waiting rows out in its own transaction (vv_access_revoke,
 * which removes them before it promotes), so no second visibility check.
 * Each promotion writes one audit row "enrolment.promote" with
 * "event=<uuid> participant=<row id>" in r's tenant (none when r is NULL:
 * the hosting provider, vvctl), the event's and the customer's when they
 * are others. Nothing when e is not open. The caller calls
 * vv_event_changed afterwards, as for its own change. Returns how many
 * were promoted, or a negative code. */
int vv_care_promote(vv_arena_t *a, vv_req_t *r, const struct vv_care_event *e);

/* An audit row by r's user in r's tenant (none when r is NULL), and in
 * event_tenant's and user_tenant's when they are others: a change in a
 * shared event shows in the organiser's log and the partner's. */
int vv_care_audit(vv_arena_t *a, vv_req_t *r, int64_t event_tenant, int64_t user_tenant,
		  const char *action, const char *detail);

/* ---- Joining and leaving: the only writers of event_participants */

/* A new participant row. Strings NULL for none. */
struct vv_care_row {
	int64_t tenant_id;      /* the participant's tenant (a partner's customer: theirs) */
	int64_t user_id;        /* 0 for a guest */
	const char *kind;       /* "customer", "staff" or "guest" */
	const char *status;     /* "enrolled" or "waiting" */
	const char *email;      /* a guest's, or what staff typed; NULL on self-enrolment:
				 * the user's own address is read through user_id */
	const char *first, *last; /* NULL: the user's own names */
	const char *token_hash; /* a guest's personal link */
	int64_t added_by;       /* staff who added the row on Tiedot; 0 on self-enrolment
				 * (only a row staff added outlives a revoked type or share) */
};

/* Inside the transaction that locked e (vv_care_lock), after the caller
 * decided under the lock that the row may go in (open, a seat or the
 * waiting list): inserts it. Its id, VV_NOTFOUND when user_id is no user
 * of tenant_id, VV_CONFLICT when the person (user or e-mail) is in the
 * event already, or a negative code. The caller calls vv_event_changed
 * and writes its own audit row. */
int64_t vv_care_join(vv_arena_t *a, const struct vv_care_event *e, const struct vv_care_row *p);

/* Sets row_id of locked e to status ("enrolled", "waiting"); a row of
 * another event is left alone. 0 or a negative code; the caller calls
 * vv_event_changed. */
int vv_care_set_status(vv_arena_t *a, const struct vv_care_event *e, int64_t row_id,
		       const char *status);

/* Takes row_id out of locked e; when it held a seat (an enrolled
 * customer) the waiting list moves up (vv_care_promote, audited as r).
 * 0, VV_NOTFOUND or a negative code; the caller calls vv_event_changed
 * and audits the removal itself. */
int vv_care_leave(vv_arena_t *a, vv_req_t *r, const struct vv_care_event *e, int64_t row_id);

/* ---- The event's row: the only writers of events and event_texts */

/* What staff set on an event (Muokkaa kalenteria); times UTC seconds. */
struct vv_care_settings {
	int64_t max;                    /* max_participants: customers */
	bool record, forced;
	int64_t starts, ends, minutes;
};

/* The event's text in one language, indexed as vv_langs; name NULL when
 * the language is not one of the event's. description NULL or "": none. */
struct vv_care_text {
	const char *name, *description;
};

/* Inside the transaction that checked everything against the contract
 * (vv_contract_lock first): a scheduled event of r's tenant created by
 * r's user, of type_id and group_id (0: none; both checked as the
 * tenant's), with its uuid and video room, and its texts[VV_LANGS]. Its
 * id, or a negative code. The caller audits. */
int64_t vv_care_event_create(vv_arena_t *a, vv_req_t *r, const char *uuid, const char *room_id,
			     int64_t type_id, int64_t group_id, const struct vv_care_settings *s,
			     const struct vv_care_text *texts);

/* Writes s on event_id of r's tenant, locked and checked by the caller;
 * when the maximum grew, the waiting list takes the new seats
 * (vv_care_promote). Then vv_event_changed. 0 or a negative code. */
int vv_care_event_update(vv_arena_t *a, vv_req_t *r, int64_t event_id,
			 const struct vv_care_settings *s);

/* Sets locked e's maximum to max (the caller checked it against the
 * contract and the enrolled customers under the lock); when it grew, the
 * waiting list takes the new seats (vv_care_promote). Then
 * vv_event_changed. 0 or a negative code. */
int vv_care_set_capacity(vv_arena_t *a, vv_req_t *r, struct vv_care_event *e, int64_t max);

/* Writes event_id's texts[VV_LANGS]: inserts them, or with replace also
 * updates the chosen languages' and deletes the others'. 0 or a code. */
int vv_care_event_texts(vv_arena_t *a, int64_t event_id, const struct vv_care_text *texts,
			bool replace);

/* Cancels event_id of tenant_id (its rows stay as history), then
 * vv_event_changed: its alarm stops. 1 done, 0 when it was cancelled
 * already or is no event of the tenant, or a negative code. */
int vv_care_event_cancel(vv_arena_t *a, int64_t tenant_id, int64_t event_id);

/* Marks scheduled event_id ended (only_past: only once its end has
 * passed), then vv_event_changed. 1 done, 0 not (ended already, or not
 * over yet), or a negative code. */
int vv_care_event_end(vv_arena_t *a, int64_t event_id, bool only_past);

/* Moves event_id's (of tenant_id) end to new_end (UTC seconds), adding
 * minutes to its length (the call's +15 min), then vv_event_changed.
 * 0 or a negative code; the caller checked the contract under its lock. */
int vv_care_event_extend(vv_arena_t *a, int64_t tenant_id, int64_t event_id, int64_t new_end,
			 int64_t minutes);

/* ---- Who is shown what: the only writers of event_types,
 * external_groups, type_customers, group_shares and group_customers.
 * Each change that can hide an event from a customer takes them out of
 * it in the same call (vv_access_revoke); r is the admin who made it, or
 * NULL for the hosting provider (vvctl). */

/* An event type (its customers in type_customers) or an organiser's
 * external group (shared in group_shares, chosen in group_customers). */
enum vv_care_kind { VV_CARE_TYPE, VV_CARE_GROUP };

/* A new type or group of tenant with uuid and name; 0, VV_CONFLICT when
 * the tenant has one of that name, or a negative code. */
int vv_care_item_create(vv_arena_t *a, enum vv_care_kind k, int64_t tenant, const char *uuid,
			const char *name);

/* Renames tenant's item id; 0, VV_CONFLICT (the name is taken) or a code. */
int vv_care_item_rename(vv_arena_t *a, enum vv_care_kind k, int64_t tenant, int64_t id,
			const char *name);

/* Deletes tenant's item id with its customers, shares and choices; the
 * caller checked under the item's lock that no coming event uses it.
 * 0 or a negative code. */
int vv_care_item_delete(vv_arena_t *a, enum vv_care_kind k, int64_t tenant, int64_t id);

/* r's tenant's active customers of item id become exactly ids[0..n)
 * (a deactivated customer's choice stays for when they come back); a
 * group is one shared with r's tenant. Customers taken off leave its
 * coming events. 0 or a negative code. */
int vv_care_item_customers(vv_arena_t *a, vv_req_t *r, enum vv_care_kind k, int64_t id,
			   const int64_t *ids, size_t n);

/* r's tenant's customer user sees exactly types[0..nt) and shared
 * groups[0..ng) (all checked as theirs by the caller); they leave the
 * coming events they no longer see. 0 or a negative code. */
int vv_care_customer_items(vv_arena_t *a, vv_req_t *r, int64_t user, const int64_t *types,
			   size_t nt, const int64_t *groups, size_t ng);

/* r's tenant's group is shared with exactly tenants[0..n) (the caller
 * locked each partnership); a tenant no longer shared with loses its
 * choices and its customers leave the group's coming events. Sharing
 * anything needs a contract that allows it, read under a shared lock on
 * the contract row so that turning sharing off (vv_care_end_shares) and
 * this take turns: VV_FORBIDDEN when it does not. 0 or a code. */
int vv_care_group_shares(vv_arena_t *a, vv_req_t *r, int64_t group, const int64_t *tenants,
			 size_t n);

/* Ends organiser's group's share with tenant (a partnership ended, r
 * NULL for vvctl): its choices go, its customers leave the coming events.
 * 0 or a negative code. */
int vv_care_group_unshare(vv_arena_t *a, vv_req_t *r, int64_t organiser, int64_t group,
			  int64_t tenant);

/* Ends every share of organiser's groups, or only those with tenant when
 * it is not 0, as vv_care_group_unshare each (the hosting provider: a
 * partnership ended, sharing turned off in the contract; user_id NULL in
 * the audit). The shares are locked first, before anything is read, so an
 * enrolment through one of them finishes before and is then taken out.
 * Each audited "group.unshare" in the organiser's log, "group=<uuid>
 * tenant=<uuid> (<why>)". Adds the number ended to *ended. 0 or a
 * negative code. */
int vv_care_end_shares(vv_arena_t *a, int64_t organiser, int64_t tenant, const char *why,
		       int *ended);

/* ---- The participants section (Tiedot) */

/* Adds <participants event capacity customers people> under parent with
 * one <p id kind status email first last user/> per row: enrolled first
 * (customers, staff, guests, each in the order they came), then the
 * waiting list in the order it fills. A partner tenant's customer in a
 * shared event is <p id kind status partner="1"/> only: nothing of
 * another tenant's user is read for the organiser (R-TY-4). The event
 * must be of the request's tenant. Returns the element (the page
 * document's), or NULL with the code in *err. */
xmlNodePtr vv_care_participants_xml(vv_req_t *r, xmlNodePtr parent, int64_t event_id,
				    const char *event_uuid, int64_t capacity, int *err);

/* ---- A recorded event's file to watch (the call plugin's ticker) */

/* Claims ended event_id's recordings for this ticker for claim_minutes
 * (renew: extends a claim held already). True when it is this ticker's:
 * no other host works on the same files. */
bool vv_care_recording_claim(vv_arena_t *a, int64_t event_id, int claim_minutes, bool renew);

/* Gives the claim back (the work is done or stopped). */
void vv_care_recording_release(vv_arena_t *a, int64_t event_id);

/* Records the file made to watch event_id ('' when there was nothing to
 * make it of); kept when one was recorded already. 0 or a code. */
int vv_care_recording_done(vv_arena_t *a, int64_t event_id, const char *file);

/* ---- Telling participants by e-mail (notice.c) */

/* VV_CARE_REMIND: the reminder before the start (core/domain/reminder.c),
 * text only, with the reader's way in. */
enum vv_care_notice { VV_CARE_INVITE, VV_CARE_UPDATE, VV_CARE_CANCEL, VV_CARE_REMIND };

/* Someone added to an event by e-mail. Strings borrowed for the call. */
struct vv_care_invitee {
	int64_t event_id, tenant_id, participant_id;
	const char *email, *first, *last;
	const char *lang;  /* the message's language */
	const char *token; /* a guest's personal join token (invitation only), else NULL */
	bool guest;        /* a guest: without token their link is not repeated */
	bool customer;     /* a customer: their way in is their calendar's event page */
};

/* Queues p's message of kind about the event (text in p->lang and an .ics:
 * REQUEST with SEQUENCE = messages sent to p before, or CANCEL; a
 * reminder has none) inside the
 * caller's transaction. 0 also when [app] public_url is unset (nothing
 * queued: a link-less message helps no one; logged); VV_INVALID for an
 * address the queue refuses; else a negative code. */
int vv_care_notice_one(vv_arena_t *a, enum vv_care_notice kind, const struct vv_care_invitee *p);

/* Queues kind (VV_CARE_UPDATE after a change of time or name,
 * VV_CARE_CANCEL when the event is removed) to every enrolled guest and
 * staff member of event_id who was invited by e-mail. 0 or a code. */
int vv_care_notify(vv_arena_t *a, int64_t tenant_id, int64_t event_id, enum vv_care_notice kind);

#endif
