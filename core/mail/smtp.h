/* The SMTP client of the mail queue (core-internal; plugins queue mail
 * through vv/mail.h and never talk SMTP). */
#ifndef VV_MAIL_SMTP_H
#define VV_MAIL_SMTP_H

#include <stddef.h>
#include "vv/arena.h"

enum vv_smtp_tls { VV_SMTP_TLS_OFF, VV_SMTP_TLS_TRY, VV_SMTP_TLS_REQUIRED };

/* Strings are borrowed for the call. */
struct vv_smtp_msg {
	const char *relay; /* smtp://host:port or smtps://host:port */
	enum vv_smtp_tls tls;
	const char *user, *password; /* AUTH when user is set */
	long timeout_s;
	const char *from, *from_name;
	const char *to, *to_name;
	const char *subject, *message_id;
	const char *text;
	const char *ics, *ics_method; /* ics NULL: no calendar parts */
};

/* Sends m. 0 when the relay accepted it; VV_INVALID when it refused it for
 * good (5xx) or the message is malformed; VV_UNAVAILABLE when it may work
 * later (no connection, 4xx, time-out). A one-line reason in err. */
int vv_smtp_send(vv_arena_t *a, const struct vv_smtp_msg *m, char *err, size_t errlen);

#endif
