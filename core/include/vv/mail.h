/* E-mail: a queue in the database, sent by the ticker through the
 * configured SMTP relay ([mail] in vvhome.conf) with retries and back-off.
 * A plugin queues a message inside the transaction of the change it tells
 * about, so that the message exists exactly when the change committed; the
 * ticker of some host sends it later (claimed in the database, so several
 * hosts never send one twice at the same time). Nothing here blocks a
 * request on the network. */
#ifndef VV_MAIL_H
#define VV_MAIL_H

#include <stdint.h>
#include "vv/arena.h"

/* One message. Strings are borrowed for the call (copied into the queue).
 * text is the plain-text body (UTF-8); ics, when not NULL, is attached as
 * invite.ics and also offered inline as text/calendar with ics_method
 * ("REQUEST", "CANCEL" or NULL for PUBLISH) so that mail programs show
 * their accept buttons. */
struct vv_mail {
	int64_t tenant_id;   /* whose name the message is sent in (From's name) */
	const char *to;      /* one address */
	const char *to_name; /* may be NULL */
	const char *subject;
	const char *text;
	const char *ics;
	const char *ics_method;
	const char *kind;    /* what it is for the queue's readers: "invite", "update", "cancel", "reminder" */
	const char *lang;    /* the message's language (fi, sv, en): later ones about it use it too */
	int64_t event_id;    /* 0 when not about an event */
};

/* Queues m (validated: an address with one '@' and no spaces or control
 * characters, a subject without line breaks). Run it inside vv_db_tx of
 * the change. Returns the queue row's id (> 0), VV_INVALID for a bad
 * message, or a negative VV_ code from the database. */
int64_t vv_mail_queue(vv_arena_t *a, const struct vv_mail *m);

/* True when [mail] relay is configured: without it messages still queue
 * (and are sent once it is), which pages may want to say. */
int vv_mail_configured(void);

#endif
