/* Plugin "types" (Tapahtumatyypit, R-TY): event types, which customers see
 * each, an organiser's external groups and the tenants they are shared
 * with, and a receiving tenant's choice of customers per shared group.
 * Internal to the plugin (plugin.c, types.c, groups.c, assign.c); what a
 * narrowing change takes back is the core's vv_access_revoke (vv/access.h).
 * Every function works on the tenant of the session. */
#ifndef VV_TYPES_H
#define VV_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

#define VV_TYPES_NAME_MAX 100 /* characters: event_types.name, external_groups.name;
                               * read with vv_form_line */
#define VV_TYPES_CHOICES_MAX 5000 /* checkbox values read from one form */

/* Handlers: the list and event types (types.c). */
int vv_types_list(vv_req_t *r);
int vv_types_create(vv_req_t *r);
int vv_types_edit_form(vv_req_t *r);
int vv_types_edit_post(vv_req_t *r);
int vv_types_delete_form(vv_req_t *r);
int vv_types_delete_post(vv_req_t *r);

/* External groups of an organiser (groups.c). */
int vv_types_group_create(vv_req_t *r);
int vv_types_group_form(vv_req_t *r);
int vv_types_group_post(vv_req_t *r);
int vv_types_group_delete_form(vv_req_t *r);
int vv_types_group_delete_post(vv_req_t *r);

/* Who sees what (assign.c): per type, per shared group, per customer. */
int vv_types_type_customers_form(vv_req_t *r);
int vv_types_type_customers_post(vv_req_t *r);
int vv_types_shared_customers_form(vv_req_t *r);
int vv_types_shared_customers_post(vv_req_t *r);
int vv_types_customer_form(vv_req_t *r);
int vv_types_customer_post(vv_req_t *r);

/* A row named by the URL's {uuid}: an event type or an external group. */
struct vv_types_item {
	int64_t id;
	const char *uuid;
	const char *name;
	const char *owner; /* shared groups: the organiser tenant's name */
};

/* Helpers (plugin.c). */
/* Adds <flash key="types.flash.X"/> for a known ?done=X. */
void vv_types_flash(vv_req_t *r);
/* "/fi/admin/types?done=X" and the like: base path + suffix in the page language. */
const char *vv_types_path(vv_req_t *r, const char *suffix);
/* 0 when the tenant is an organiser (contract sharing_allowed), else
 * VV_FORBIDDEN (or VV_UNAVAILABLE). */
int vv_types_require_organiser(vv_req_t *r);
/* Loads this tenant's event type / external group named by {uuid};
 * VV_NOTFOUND for anything else (another tenant's included). */
int vv_types_load_type(vv_req_t *r, struct vv_types_item *t);
int vv_types_load_group(vv_req_t *r, struct vv_types_item *g);
/* Loads a group shared WITH this tenant named by {uuid}; VV_NOTFOUND
 * otherwise. owner is set. */
int vv_types_load_shared(vv_req_t *r, struct vv_types_item *g);
/* Number of scheduled events of this tenant not yet over that use the
 * type (column "type_id") or group ("group_id"); negative on failure. */
int64_t vv_types_future_events(vv_arena_t *a, int64_t tenant, const char *column, int64_t id);

/* Locks the row id of table ("event_types" or "external_groups") of the
 * tenant for update; 1 when it is there, 0 when not, or a negative code.
 * Taken first by the deletions, before vv_types_future_events. */
int64_t vv_types_lock_item(vv_arena_t *a, const char *table, int64_t tenant, int64_t id);

#endif
