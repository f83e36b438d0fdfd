/* vv/ics.h: iCalendar text. The VTIMEZONE is not a copy of a table: it is
 * read off the system's zoneinfo (vv_time_to_local) for the span the
 * calendar covers, one observance per offset change found there, so it is
 * right for any zone the tenant picked and for rule changes the system's
 * tzdata already knows. */
#include <stdio.h>
#include <string.h>
#include "core.h"
#include "vv/ics.h"
#include "vv/time.h"

struct vv_ics {
	vv_arena_t *a;
	char *buf;
	size_t len, cap;
	const char *tz;
	int bad;
};

static void put(struct vv_ics *c, const char *s, size_t n)
{
	if (c->len + n + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		while (cap < c->len + n + 1)
			cap *= 2;
		char *b = vv_alloc(c->a, cap);
		if (c->len)
			memcpy(b, c->buf, c->len);
		c->buf = b;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	c->buf[c->len] = '\0';
}

/* One content line "name:value" (value already escaped), folded so that no
 * line exceeds 75 octets; a continuation starts with a space. A fold never
 * splits a UTF-8 sequence (RFC 5545 3.1 asks for octets, readers choke on
 * half characters). */
static void line(struct vv_ics *c, const char *name, const char *value)
{
	size_t room = 75;
	size_t nl = strlen(name);
	put(c, name, nl);
	put(c, ":", 1);
	room -= nl + 1 < room ? nl + 1 : room - 1;
	const char *p = value;
	size_t left = strlen(value);
	while (left > 0) {
		size_t n = left < room ? left : room;
		/* back off to the start of a character */
		while (n < left && n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
		put(c, p, n);
		p += n;
		left -= n;
		if (left > 0) {
			put(c, "\r\n ", 3);
			room = 74;
		}
	}
	put(c, "\r\n", 2);
}

/* TEXT escaping: backslash, semicolon, comma and newlines (CR dropped). */
static const char *text(vv_arena_t *a, const char *s)
{
	size_t n = strlen(s);
	char *o = vv_alloc(a, 2 * n + 1), *q = o;
	for (; *s; s++) {
		switch (*s) {
		case '\\': case ';': case ',':
			*q++ = '\\';
			*q++ = *s;
			break;
		case '\n':
			*q++ = '\\';
			*q++ = 'n';
			break;
		case '\r':
			break;
		default:
			*q++ = *s;
		}
	}
	*q = '\0';
	return o;
}

static const char *utc_stamp(vv_arena_t *a, int64_t t)
{
	struct vv_local l;
	if (vv_time_to_local("UTC", t, &l) != 0)
		return NULL;
	return vv_sprintf(a, "%04d%02d%02dT%02d%02d%02dZ", l.y, l.m, l.d, l.hh, l.mm, l.ss);
}

static const char *local_stamp(vv_arena_t *a, const char *tz, int64_t t)
{
	struct vv_local l;
	if (vv_time_to_local(tz, t, &l) != 0)
		return NULL;
	return vv_sprintf(a, "%04d%02d%02dT%02d%02d%02d", l.y, l.m, l.d, l.hh, l.mm, l.ss);
}

/* The wall date of t in tz plus days, as a DATE value (YYYYMMDD). */
static const char *local_date(vv_arena_t *a, const char *tz, int64_t t, int days)
{
	struct vv_local l;
	if (vv_time_to_local(tz, t, &l) != 0)
		return NULL;
	struct vv_date d = vv_date_add_days((struct vv_date){ .y = l.y, .m = l.m, .d = l.d }, days);
	return vv_sprintf(a, "%04d%02d%02d", d.y, d.m, d.d);
}

static const char *offset_str(vv_arena_t *a, int off)
{
	int s = off < 0 ? -off : off;
	if (s % 60)
		return vv_sprintf(a, "%c%02d%02d%02d", off < 0 ? '-' : '+', s / 3600, s / 60 % 60, s % 60);
	return vv_sprintf(a, "%c%02d%02d", off < 0 ? '-' : '+', s / 3600, s / 60 % 60);
}

/* One observance: from the instant at (local wall time before it, as the
 * RFC wants DTSTART), offsets from -> to. */
static void observance(struct vv_ics *c, int64_t at, int from, int to, const char *abbr)
{
	const char *kind = to > from ? "DAYLIGHT" : "STANDARD";
	line(c, "BEGIN", kind);
	/* DTSTART is wall time in the offset in force before the change. */
	const char *ds = utc_stamp(c->a, at + from);
	line(c, "DTSTART", vv_strndup(c->a, ds, 15));
	line(c, "TZOFFSETFROM", offset_str(c->a, from));
	line(c, "TZOFFSETTO", offset_str(c->a, to));
	if (abbr && *abbr)
		line(c, "TZNAME", text(c->a, abbr));
	line(c, "END", kind);
}

/* The offset changes of tz in [from, to): sampled every 6 hours (no zone
 * changes twice within that), each change then found to the second. */
static int vtimezone(struct vv_ics *c, int64_t from, int64_t to)
{
	const int64_t step = 6 * 3600;
	struct vv_local l;
	if (vv_time_to_local(c->tz, from, &l) != 0)
		return VV_INVALID;
	line(c, "BEGIN", "VTIMEZONE");
	line(c, "TZID", text(c->a, c->tz));
	int off = l.utc_offset;
	/* What is in force at the start of the span, as if it began there. */
	observance(c, from, off, off, l.abbr);
	for (int64_t t = from; t < to; t += step) {
		struct vv_local n;
		int64_t next = t + step;
		if (vv_time_to_local(c->tz, next, &n) != 0)
			return VV_INVALID;
		if (n.utc_offset == off)
			continue;
		int64_t lo = t, hi = next; /* off at lo, another at hi */
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			struct vv_local m;
			if (vv_time_to_local(c->tz, mid, &m) != 0)
				return VV_INVALID;
			if (m.utc_offset == off)
				lo = mid;
			else
				hi = mid;
		}
		observance(c, hi, off, n.utc_offset, n.abbr);
		off = n.utc_offset;
	}
	line(c, "END", "VTIMEZONE");
	return 0;
}

vv_ics_t *vv_ics_begin(vv_arena_t *a, const char *method, const char *tz, int64_t from,
		       int64_t to, const char *name)
{
	struct vv_ics *c = vv_calloc(a, sizeof(*c));
	c->a = a;
	c->tz = tz;
	line(c, "BEGIN", "VCALENDAR");
	line(c, "VERSION", "2.0");
	line(c, "PRODID", "-//vvhome//vvhome " VV_STR(VV_ABI_VERSION) "//EN");
	line(c, "CALSCALE", "GREGORIAN");
	if (method)
		line(c, "METHOD", method);
	if (name)
		line(c, "X-WR-CALNAME", text(a, name));
	/* A day either side: an event near the edge still finds its offset. */
	if (!tz || vtimezone(c, from - 86400, to + 86400) != 0)
		return NULL;
	return c;
}

int vv_ics_event(vv_ics_t *c, const struct vv_ics_event *e)
{
	if (!e->uid || !e->summary || e->end < e->start)
		return VV_INVALID;
	vv_arena_t *a = c->a;
	const char *start = e->all_day ? local_date(a, c->tz, e->start, 0) : local_stamp(a, c->tz, e->start);
	const char *end = e->all_day ? local_date(a, c->tz, e->end, 1) : local_stamp(a, c->tz, e->end);
	const char *stamp = utc_stamp(a, e->stamp);
	if (!start || !end || !stamp)
		return VV_INVALID;
	line(c, "BEGIN", "VEVENT");
	line(c, "UID", text(a, e->uid));
	line(c, "DTSTAMP", stamp);
	if (e->all_day) {
		/* A date is the same day in every zone: no TZID (RFC 5545 3.3.4). */
		line(c, "DTSTART;VALUE=DATE", start);
		line(c, "DTEND;VALUE=DATE", end);
	} else {
		line(c, vv_sprintf(a, "DTSTART;TZID=%s", c->tz), start);
		line(c, vv_sprintf(a, "DTEND;TZID=%s", c->tz), end);
	}
	line(c, "SEQUENCE", vv_sprintf(a, "%d", e->sequence));
	line(c, "SUMMARY", text(a, e->summary));
	if (e->description && *e->description)
		line(c, "DESCRIPTION", text(a, e->description));
	if (e->url && *e->url) {
		line(c, "URL", e->url);
		line(c, "LOCATION", text(a, e->url));
	}
	if (e->organizer_email)
		line(c, e->organizer ? vv_sprintf(a, "ORGANIZER;CN=\"%s\"", e->organizer) : "ORGANIZER",
		     vv_sprintf(a, "mailto:%s", e->organizer_email));
	if (e->attendee_email)
		line(c, "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE",
		     vv_sprintf(a, "mailto:%s", e->attendee_email));
	line(c, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
	line(c, "TRANSP", e->all_day ? "TRANSPARENT" : "OPAQUE");
	line(c, "END", "VEVENT");
	return 0;
}

const char *vv_ics_end(vv_ics_t *c, size_t *len)
{
	line(c, "END", "VCALENDAR");
	if (len)
		*len = c->len;
	return c->buf;
}
