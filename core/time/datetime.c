/* Dates and times as the pages show them: UTC seconds turned into the
 * tenant's wall time (DST-correct, through the system's zoneinfo) and
 * written the way each language writes them.
 *
 * Wall time comes from localtime_r under TZ. glibc caches the parsed zone,
 * so TZ is changed (and tzset run) only when a request asks for another
 * zone than the last one; workers are single-threaded, so nothing else
 * sees the environment change mid-call. The formats are built by hand
 * rather than with strftime and locales, so that the output does not
 * depend on which locales a host has installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "core.h"
#include "time/datetime.h"

#define TZ_MAX 64

static char cur_tz[TZ_MAX]; /* zone TZ is set to; "" before first use */

static const char *const en_months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const fi_days[7] = {
	"sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai",
};
static const char *const sv_days[7] = {
	"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag",
};
static const char *const en_days[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

/* An Olson name such as "Europe/Helsinki" or "UTC". Anything else could be
 * read by glibc as a POSIX rule string or a file path, and an unknown name
 * silently becomes UTC, so the zone file must exist. */
static int tz_valid(const char *tz)
{
	size_t n = strlen(tz);
	if (n == 0 || n >= TZ_MAX || tz[0] == '/' || strstr(tz, ".."))
		return 0;
	for (const char *p = tz; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '_' || c == '+' || c == '-'))
			return 0;
	}
	const char *dir = getenv("TZDIR");
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	return access(path, R_OK) == 0;
}

static int use_tz(const char *tz)
{
	/* The time module (timeslot.c) also sets TZ and puts it back: ask the
	 * environment, not only our memory, whether the zone is already set. */
	const char *env = getenv("TZ");
	if (tz[0] && strcmp(tz, cur_tz) == 0 && env && strcmp(env, tz) == 0)
		return 0;
	if (!tz_valid(tz))
		return VV_INVALID;
	if (setenv("TZ", tz, 1) != 0)
		return VV_ERR;
	tzset();
	strcpy(cur_tz, tz); /* length checked by tz_valid */
	return 0;
}

/* S_END: an end time, where midnight is the end of the day, 24.00: an
 * event 23.00-0.00 reads as if it ended before it began (issue #17). */
enum style { S_FULL, S_DATE, S_TIME, S_WEEKDAY, S_ZONE, S_END };

static int parse_style(const char *s, enum style *out)
{
	static const struct { const char *name; enum style st; } styles[] = {
		{ "full", S_FULL }, { "date", S_DATE }, { "time", S_TIME },
		{ "weekday", S_WEEKDAY }, { "zone", S_ZONE }, { "end", S_END },
	};
	if (!s || !*s) {
		*out = S_FULL;
		return 0;
	}
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		if (strcmp(s, styles[i].name) == 0) {
			*out = styles[i].st;
			return 0;
		}
	}
	return VV_INVALID;
}

int vv_format_datetime(char *buf, size_t size, int64_t t, const char *tz,
		       const char *lang, const char *style)
{
	enum style st;
	if (!buf || size == 0 || !tz || !lang || parse_style(style, &st) != 0)
		return VV_INVALID;
	buf[0] = '\0';
	int fi = strcmp(lang, "fi") == 0, sv = strcmp(lang, "sv") == 0;
	if (!fi && !sv && strcmp(lang, "en") != 0)
		return VV_INVALID;
	int rc = use_tz(tz);
	if (rc != 0)
		return rc;
	/* Years 1..9999 keep every field to its printed width. */
	if (t < -62135596800LL || t > 253402300799LL)
		return VV_INVALID;
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return VV_INVALID;

	int day = tm.tm_mday, mon = tm.tm_mon + 1, year = tm.tm_year + 1900;
	char date[48], clock[16];
	/* Finnish and Swedish (as written in Finland): 1.3.2026, 8.05 without
	 * leading zeros; English: 1 Mar 2026 and the 24-hour 08:05. */
	if (fi || sv) {
		snprintf(date, sizeof(date), "%d.%d.%d", day, mon, year);
		snprintf(clock, sizeof(clock), "%d.%02d", tm.tm_hour, tm.tm_min);
	} else {
		snprintf(date, sizeof(date), "%d %s %d", day, en_months[tm.tm_mon], year);
		snprintf(clock, sizeof(clock), "%02d:%02d", tm.tm_hour, tm.tm_min);
	}
	const char *at = fi ? " klo " : sv ? " kl. " : ", ";
	const char *wd = (fi ? fi_days : sv ? sv_days : en_days)[tm.tm_wday];

	int n;
	switch (st) {
	case S_DATE:
		n = snprintf(buf, size, "%s", date);
		break;
	case S_TIME:
		n = snprintf(buf, size, "%s", clock);
		break;
	case S_END:
		n = tm.tm_hour == 0 && tm.tm_min == 0 ? snprintf(buf, size, "%s", fi || sv ? "24.00" : "24:00")
						      : snprintf(buf, size, "%s", clock);
		break;
	case S_WEEKDAY:
		n = snprintf(buf, size, "%s %s", wd, date);
		break;
	case S_ZONE:
		/* Staff see "EET"/"EEST" next to times around DST changes. */
		n = snprintf(buf, size, "%s%s%s %s", date, at, clock, tm.tm_zone ? tm.tm_zone : tz);
		break;
	default:
		n = snprintf(buf, size, "%s%s%s", date, at, clock);
		break;
	}
	if (n < 0 || (size_t)n >= size) {
		buf[0] = '\0';
		return VV_INVALID;
	}
	return 0;
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int vv_parse_utc(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0;
	const char *p = s;
	if (!s || !out)
		return VV_INVALID;
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return VV_INVALID;
	char sep = *p++;
	if ((sep != 'T' && sep != ' ') || digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return VV_INVALID;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return VV_INVALID;
	}
	/* The ISO form says it is UTC; the database form is UTC by convention. */
	if (sep == 'T' && *p != 'Z')
		return VV_INVALID; /* a bare ISO time would be local: refuse it */
	if (*p == 'Z')
		p++;
	if (*p != '\0')
		return VV_INVALID;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || sec > 59)
		return VV_INVALID;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = sec };
	*out = (int64_t)timegm(&tm);
	return 0;
}
