/* Parsing of UTC timestamps as the database and page documents carry
 * them; the formatting side, vv_format_datetime, is declared in core.h. */
#ifndef VV_DATETIME_H
#define VV_DATETIME_H

#include <stdint.h>

/* Parses "2026-11-27T10:30:00Z" or "2026-11-27 10:30:00" (both UTC;
 * seconds optional) into seconds since the epoch. Rejects anything else,
 * including impossible dates. 0 or VV_INVALID. */
int vv_parse_utc(const char *s, int64_t *out);

#endif
