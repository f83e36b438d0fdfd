/* CSV downloads (RFC 4180), the one writer every page that exports uses.
 *
 * Records end with CRLF; a field with a comma, a double quote, CR or LF is
 * quoted and its quotes doubled. The text starts with the UTF-8 byte order
 * mark, so that Excel reads it as UTF-8 rather than the system's code page.
 * A text field starting with '=', '+', '-', '@', a tab or CR gets a
 * leading apostrophe: a spreadsheet would otherwise run it as a formula
 * (CSV injection), and the exported names and details are typed by
 * anyone. Numbers written with vv_csv_int are never prefixed.
 *
 * All memory is the arena's: nothing to free, and nothing outlives it. */
#ifndef VV_CSV_H
#define VV_CSV_H

#include <stddef.h>
#include <stdint.h>
#include "vv/arena.h"
#include "vv/req.h"

typedef struct vv_csv vv_csv_t;

/* A new, empty document (the byte order mark only) in arena a; NULL when
 * out of memory. */
vv_csv_t *vv_csv_new(vv_arena_t *a);

/* Appends one text field to the current record; NULL is an empty field.
 * s must be UTF-8 (it is copied, not checked). */
void vv_csv_field(vv_csv_t *c, const char *s);

/* Appends one whole number to the current record. */
void vv_csv_int(vv_csv_t *c, int64_t v);

/* Ends the current record (CRLF). */
void vv_csv_end_row(vv_csv_t *c);

/* The document so far and its length in *len (arena memory, owned by the
 * arena; NUL-terminated). NULL when an allocation failed on the way. */
const char *vv_csv_text(const vv_csv_t *c, size_t *len);

/* Answers the request with the document as a download named filename
 * (only [A-Za-z0-9._-]; anything else is replaced by '_'), not cached.
 * Returns 200, or VV_ERR when an allocation failed. */
int vv_csv_send(vv_req_t *r, const vv_csv_t *c, const char *filename);

#endif
