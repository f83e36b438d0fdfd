/* Reading form fields the same way on every page: trimmed, valid UTF-8
 * without control characters, within a length, with the same localized
 * messages (err.required, err.invalid, err.too-long, err.email) recorded
 * next to the field. Plugins use these instead of checking text
 * themselves. Returned strings are arena memory. */
#ifndef VV_FORM_H
#define VV_FORM_H

#include <stdbool.h>
#include <stdint.h>
#include "vv/req.h"
#include "vv/time.h"
#include "vv/xml.h"

/* The form value without surrounding white space; "" when absent. */
const char *vv_form_trimmed(vv_req_t *r, const char *field);

/* Code points in s, or -1 when s is not valid UTF-8 or holds a control
 * character (tab, newline and the like have no place in a one-line field). */
long vv_utf8_chars(const char *s);

/* A one-line text field of at most max_chars characters. Records a message
 * and returns the trimmed value either way (so the form can show it again);
 * "" when absent. */
const char *vv_form_line(vv_req_t *r, const char *field, bool required, long max_chars);

/* True for a plain address local@domain.tld (at most 254 bytes, no
 * spaces, quotes, brackets or consecutive dots; a dotted domain). */
bool vv_email_valid(const char *s);

/* An e-mail field, lowercased (addresses are stored and compared so). */
const char *vv_form_email(vv_req_t *r, const char *field, bool required);

/* True for a language this service speaks: "fi", "sv", "en". */
bool vv_lang_valid(const char *s);

/* The languages this service speaks, in the order forms show them. */
#define VV_LANGS 3
extern const char *const vv_langs[VV_LANGS];

/* The checkboxes `field` choosing languages (Kieli): chosen[i] for
 * vv_langs[i]. Empty values choose nothing. Records err.invalid for a value
 * that is not one of ours, none_key when none is chosen. */
void vv_form_langs(vv_req_t *r, const char *field, bool chosen[VV_LANGS], const char *none_key);

/* A new password typed twice: field by vv_password_check's rules (vv/auth.h)
 * and repeat the same again. Records one message, on the field at fault:
 *   field empty                      field   err.required
 *   not valid UTF-8                  field   err.invalid
 *   fewer than VV_PASSWORD_MIN chars field   password.err.short, arg the minimum
 *   more than VV_PASSWORD_MAX chars  field   password.err.long, arg the maximum
 *   repeat empty or different        repeat  password.err.mismatch
 * Returns the password as typed (not trimmed: spaces count), or NULL after
 * a message. Forms never send a password back: the fields come back empty. */
const char *vv_form_new_password(vv_req_t *r, const char *field, const char *repeat);

/* --- a start on the 15-minute grid (formtime.c) ---
 *
 * The date and time fields of a form that schedules something (events,
 * recordings): wall time in the tenant's zone (vv_tenant_tz), on the grid
 * of vv/time.h and strictly in the future. */

/* The time options under parent: one <slot value="HH:MM" zone="EET"/> for
 * each valid slot (vv_slots_for_day) of the day in date, or - when date is
 * NULL, empty or does not parse - of the first day that has one; each wall
 * time once (at a fall-back change the repeated hour is offered once, the
 * earlier instant). The user's own time (the submitted value; NULL or ""
 * for none) is kept as a <slot value="..."/> without a zone when it is not
 * among them, so that a refusal shows it. */
void vv_form_slots(vv_req_t *r, xmlNodePtr parent, const char *date, const char *time);

/* Reads the fields date_field and time_field (vv_form_trimmed) and checks
 * them in this order, recording at most one message, on the field it is
 * about:
 *   date empty                  date_field  err.required
 *   date does not parse         date_field  err.date
 *       (vv_time_parse_date: 2026-11-27 or 27.11.2026)
 *   time empty                  time_field  err.required
 *   time does not parse         time_field  err.time
 *       (vv_time_parse_hhmm) or is out of range
 *   skipped by a DST change     time_field  err.time-nonexistent, arg the zone
 *   off the 15-minute grid      time_field  err.time-grid
 *   not after the current slot  time_field  err.time-earliest, arg the
 *       earliest possible start as the page's language writes a time
 *       (vv_form_time_text: fi/sv "6.45", en "06:45")
 * A time that occurs twice (fall-back) is the earlier instant. Returns 0
 * with *utc the start (UTC seconds) when every check passes; VV_INVALID
 * otherwise, *utc then undefined. *day (may be NULL) is set whenever the
 * date parsed, also when the time is refused, so that fields depending on
 * the date (an end date) can still be checked against it. */
int vv_form_start(vv_req_t *r, const char *date_field, const char *time_field, int64_t *utc,
		  struct vv_date *day);

/* The wall time of utc in the tenant's zone as the page's language writes
 * it (fi/sv "6.45", en "06:45"); arena memory, NULL when it cannot be
 * formatted. */
const char *vv_form_time_text(vv_req_t *r, int64_t utc);

/* Fields "type" (required) and "group" (optional) of an event-like form:
 * the uuids type and group resolved to the request tenant's event type and
 * external group. Messages, on the field they are about: err.required,
 * "<area>.err.type" / "<area>.err.group" for a uuid that is not the
 * tenant's, vv_check_sharing's when the contract does not allow sharing.
 * *type_id / *group_id are 0 when not resolved. Returns 0, or a negative
 * code when a check could not be made (VV_UNAVAILABLE). */
int vv_form_type_group(vv_req_t *r, const char *type, const char *group, const char *area,
		       int64_t *type_id, int64_t *group_id);

/* The choices for those fields under form: <type uuid="" name=""/> for
 * each of the tenant's event types and, when groups (the contract allows
 * sharing), <group uuid="" name=""/> for each of its external groups, by
 * name. 0 or a negative code. */
int vv_form_type_group_options(vv_req_t *r, xmlNodePtr form, bool groups);

#endif
