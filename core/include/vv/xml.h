/* Building the page document a route's stylesheet turns into HTML.
 *
 * A handler adds its data under vv_page(req); the core adds the common
 * parts (language, user, navigation, CSRF token, messages) under
 * <page><ctx/></page> before the transform. Prefer attributes to deep
 * trees: the transform is the dearest part of a request. */
#ifndef VV_XML_H
#define VV_XML_H

#include <stdint.h>
#include <libxml/tree.h>
#include "vv/req.h"

/* The <page> root of the request's document, created on first use and
 * freed with the request. */
xmlNodePtr vv_page(vv_req_t *r);

/* Appends a new element name to parent and returns it. */
xmlNodePtr vv_xml_add(xmlNodePtr parent, const char *name);
/* Appends <name>text</name> (text escaped on output) and returns it. */
xmlNodePtr vv_xml_text(xmlNodePtr parent, const char *name, const char *text);
/* Sets an attribute; a NULL value sets nothing. */
void vv_xml_attr(xmlNodePtr n, const char *name, const char *value);
void vv_xml_attr_int(xmlNodePtr n, const char *name, int64_t value);

/* Records a validation message for a form field: the page shows key
 * (an i18n catalogue key) next to the field and in the error summary. */
void vv_form_error(vv_req_t *r, const char *field, const char *key);
/* As vv_form_error, for a text with a "{0}" placeholder filled with arg
 * (copied), e.g. key "ev.err.capacity" with arg "25". */
void vv_form_error_arg(vv_req_t *r, const char *field, const char *key, const char *arg);
/* Number of form errors recorded so far. */
int vv_form_errors(const vv_req_t *r);
/* Forgets every form error recorded so far: a form sent only to be shown
 * again (e.g. the event form's "show the day's times" without
 * JavaScript) comes back without messages. */
void vv_form_errors_clear(vv_req_t *r);

#endif
