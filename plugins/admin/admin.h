/* Plugin "admin" (Yrityksen ylläpito): the tenant's users and policies.
 * Internal to the plugin: shared between plugin.c, users.c, user_edit.c,
 * settings.c and zones.c. Every function works on the tenant of the session. */
#ifndef VV_ADMIN_H
#define VV_ADMIN_H

#include <stdbool.h>
#include <stdint.h>
#include <vv/vv.h>

#define VV_ADMIN_NAME_MAX 100   /* characters, users.first_name/last_name */
#define VV_ADMIN_EMAIL_MAX 254  /* characters, users.email */

/* Handlers (users.c, user_edit.c, settings.c). */
int vv_admin_employees(vv_req_t *r);
int vv_admin_customers(vv_req_t *r);
int vv_admin_new_form(vv_req_t *r);
int vv_admin_new_post(vv_req_t *r);
int vv_admin_edit_form(vv_req_t *r);
int vv_admin_edit_post(vv_req_t *r);
int vv_admin_deactivate(vv_req_t *r);
int vv_admin_activate(vv_req_t *r);
int vv_admin_link_issue(vv_req_t *r);
int vv_admin_link_revoke(vv_req_t *r);
int vv_admin_password_reset(vv_req_t *r);
int vv_admin_device_end(vv_req_t *r);
int vv_admin_export(vv_req_t *r);
int vv_admin_erase_form(vv_req_t *r);
int vv_admin_erase_post(vv_req_t *r);
int vv_admin_audit(vv_req_t *r);
int vv_admin_devices_end(vv_req_t *r);
int vv_admin_settings_form(vv_req_t *r);
int vv_admin_settings_post(vv_req_t *r);

/* A user as the forms show it; strings in arena memory. */
struct vv_admin_user {
	int64_t id;             /* 0 for a new user */
	const char *uuid;       /* NULL for a new user */
	const char *kind;       /* "employee" or "customer" */
	const char *first, *last, *email;
	const char *role;       /* employees: admin, operator, professional */
	const char *language;   /* customers: fi, sv, en */
	bool active;
	bool has_link;          /* customers: an unrevoked login link exists */
};

/* Loads the user named by the URL's {uuid}, of this tenant only
 * (user_edit.c): 0, VV_NOTFOUND (another tenant's user too) or a db code.
 * Strings in arena memory. */
int vv_admin_load_user(vv_req_t *r, struct vv_admin_user *u);

/* Adds <devices> with a <device id since seen link current-link/> per
 * signed-in tablet session of customer user_id under form (devices.c);
 * <devices error="1"/> when the database did not answer. */
void vv_admin_devices_xml(vv_req_t *r, xmlNodePtr form, int64_t user_id);

/* Adds <user-form> for u under the page (user_form.c); mode is "new" or
 * "edit". Returns the element so that a caller can add to it. */
xmlNodePtr vv_admin_user_form(vv_req_t *r, const char *mode, const struct vv_admin_user *u);

/* An e-mail field (plugin.c): trimmed and kept as typed ("" when absent),
 * checked with vv_email_valid; on a problem it records the form error on
 * field (err.required, err.too-long or err.email). Names and languages use
 * vv_form_line and vv_lang_valid (vv/form.h). */
const char *vv_admin_email_field(vv_req_t *r, const char *field);
/* True for the staff roles an admin may give: admin, operator, professional. */
bool vv_admin_staff_role_ok(const char *role);
/* Adds <flash key="admin.flash.X"/> for ?done=X when X is one of the known
 * outcomes; anything else is ignored. */
void vv_admin_flash(vv_req_t *r);
/* The dates of ?from=…&to=… (range.c): days in the tenant's zone, as
 * typed ("2026-12-01" or "1.12.2026"); an empty or missing field is unset.
 * [from_utc, to_utc) runs from the start of from to the end of to. */
struct vv_admin_range {
	const char *from, *to; /* as typed, "" when unset */
	bool has_from, has_to;
	struct vv_date dfrom, dto;
	int64_t from_utc, to_utc; /* 0 when unset */
};
/* Reads the range and records a form error on "from" or "to" for a date
 * that does not parse or a from after to; max_days > 0 limits its length
 * (both then needed). false when an error was recorded. */
bool vv_admin_range_read(vv_req_t *r, struct vv_admin_range *out, int max_days);

/* Handlers (attendance.c): Läsnäolo for a date range, the chart and its CSV. */
int vv_admin_attendance(vv_req_t *r);
int vv_admin_attendance_csv(vv_req_t *r);
/* Tapahtumaloki as CSV (audit.c) and a person's data as CSV (privacy.c). */
int vv_admin_audit_csv(vv_req_t *r);
int vv_admin_export_csv(vv_req_t *r);

/* Parses a whole decimal number in [min, max]; false otherwise. */
bool vv_admin_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* The IANA zones the settings form offers (zones.c): the system's zone.tab
 * and UTC, sorted, read once per worker. Returns the names and their count
 * in *n (0 when the system has no zone.tab); worker memory, never freed by
 * the caller. */
const char *const *vv_admin_zones(size_t *n);
/* True when tz is one of vv_admin_zones. */
bool vv_admin_zone_listed(const char *tz);
/* Frees the list at the worker's exit (the plugin's fini). */
void vv_admin_zones_free(void);

#endif
