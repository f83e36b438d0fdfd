/* Reading form fields the same way on every page: trimmed, valid UTF-8
 * without control characters, within a length, with the same localized
 * messages (err.required, err.invalid, err.too-long, err.email) recorded
 * next to the field. Plugins use these instead of checking text
 * themselves. Returned strings are arena memory. */
#ifndef VV_FORM_H
#define VV_FORM_H

#include <stdbool.h>
#include "vv/req.h"

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

#endif
