/* Plugin "participants" (R-PA): staff add customers, staff members and
 * guests to an event on its Tiedot page, remove them, and a guest opens
 * the event through a personal join link. Internal to the plugin. */
#ifndef VV_PARTICIPANTS_H
#define VV_PARTICIPANTS_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

#define VV_PA_NAME_MAX 100  /* characters, event_participants.first_name/last_name */
#define VV_PA_EMAIL_MAX 254 /* characters, event_participants.email */

/* Handlers (add.c, join.c). */
int vv_pa_add(vv_req_t *r);
int vv_pa_remove(vv_req_t *r);
int vv_pa_join(vv_req_t *r);

/* An event of the request's tenant, as the handlers need it. */
struct vv_pa_event {
	int64_t id;
	const char *uuid;
	int64_t capacity; /* max_participants: customers */
	bool closed;      /* ended (status or time): no more changes */
};

/* Loads the event named by the URL's {uuid} of the request's tenant.
 * Another tenant's event, an unknown one and a cancelled one are all
 * VV_NOTFOUND. Runs before anything is put on the page. */
int vv_pa_event_load(vv_req_t *r, struct vv_pa_event *e);

/* The event's name in the page language (else any language), arena
 * memory; "" when it has none. */
const char *vv_pa_event_name(vv_req_t *r, int64_t event_id, const char **starts_at);

/* Adds <event uuid name starts/> and the <participants> element of the
 * Tiedot contract (one <p/> per row; a partner tenant's customer in a
 * shared event as <p id kind status partner="1"/> only, no e-mail, name
 * or uuid) under the page; returns the latter
 * so that the caller can add the form's kept values. NULL on a database
 * failure, with *err set. */
xmlNodePtr vv_pa_page(vv_req_t *r, const struct vv_pa_event *e, int *err);

/* The Tiedot path of the event, arena memory. */
const char *vv_pa_details_path(vv_req_t *r, const char *event_uuid);

/* The e-mail field, trimmed and kept as typed ("" when absent), checked
 * with vv_email_valid; records err.required, err.too-long or err.email on
 * field. Names are read with vv_form_line (vv/form.h). */
const char *vv_pa_email_field(vv_req_t *r, const char *field);

#endif
