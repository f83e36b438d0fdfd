/* Wall time <-> UTC in the tenant's zone, the 15-minute grid of event
 * starts (R-EV-6) and the form's date and time fields.
 *
 * Wall time comes from localtime_r under TZ, as in datetime.c. Each public
 * call sets TZ to the zone it needs and restores what it found: datetime.c
 * keeps its own note of the zone it last set and would otherwise format in
 * the wrong one. Local -> UTC does not use mktime, whose tm_isdst = -1 picks
 * either instant of a repeated hour: it tries every offset the zone has near
 * that wall time and keeps those whose instant reads back as the same wall
 * time - none means skipped, two means repeated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "vv/vv.h"
#include "vv/time.h"

#define TZ_MAX 64
#define MIN_T (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define MAX_T 253402300799LL   /* 9999-12-31T23:59:59Z */
#define DAY 86400

static char known_tz[TZ_MAX]; /* last zone whose file was found */

/* An Olson name whose zone file exists: glibc would read anything else as a
 * POSIX rule or a path, and an unknown name silently as UTC. */
static bool tz_valid(const char *tz)
{
	size_t n = strlen(tz);
	if (n == 0 || n >= TZ_MAX || tz[0] == '/' || strstr(tz, ".."))
		return false;
	if (strcmp(tz, known_tz) == 0)
		return true;
	for (const char *p = tz; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '_' || c == '+' || c == '-'))
			return false;
	}
	const char *dir = getenv("TZDIR");
	char path[320];
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	if (access(path, R_OK) != 0)
		return false;
	memcpy(known_tz, tz, n + 1);
	return true;
}

/* The zone the caller had, to put back when the call ends. */
struct tz_saved {
	bool switched, had;
	char value[256];
};

static int tz_enter(const char *tz, struct tz_saved *s)
{
	s->switched = false;
	if (!tz || !tz_valid(tz))
		return VV_INVALID;
	const char *old = getenv("TZ");
	if (!old || strcmp(old, tz) != 0) {
		s->had = old != NULL;
		if (old) {
			size_t n = strlen(old);
			if (n >= sizeof(s->value))
				return VV_ERR;
			memcpy(s->value, old, n + 1);
		}
		if (setenv("TZ", tz, 1) != 0)
			return VV_ERR;
		s->switched = true;
	}
	tzset(); /* cheap when TZ is what glibc last read */
	return 0;
}

static void tz_leave(const struct tz_saved *s)
{
	if (!s->switched)
		return;
	if (s->had)
		setenv("TZ", s->value, 1);
	else
		unsetenv("TZ");
	tzset();
}

/* Wall time of t under the current TZ; false when it cannot be had. */
static bool wall(int64_t t, struct tm *tm)
{
	if (t < MIN_T - 2 * DAY || t > MAX_T + 2 * DAY)
		return false;
	time_t tt = (time_t)t;
	return localtime_r(&tt, tm) != NULL;
}

/* Seconds of a wall clock reading as if it were UTC. */
static int64_t naive_seconds(struct vv_date d, int hh, int mm, int ss)
{
	static const struct vv_date epoch = { 1970, 1, 1 };
	return (int64_t)vv_date_diff(epoch, d) * DAY + hh * 3600 + mm * 60 + ss;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int vv_time_to_local(const char *tz, int64_t utc, struct vv_local *out)
{
	if (!out || utc < MIN_T || utc > MAX_T)
		return VV_INVALID;
	struct tz_saved saved;
	int rc = tz_enter(tz, &saved);
	if (rc != 0)
		return rc;
	struct tm tm;
	if (!wall(utc, &tm)) {
		rc = VV_INVALID;
		goto out;
	}
	memset(out, 0, sizeof(*out));
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	out->hh = tm.tm_hour;
	out->mm = tm.tm_min;
	out->ss = tm.tm_sec;
	out->wday = tm.tm_wday;
	out->utc_offset = (int)tm.tm_gmtoff;
	snprintf(out->abbr, sizeof(out->abbr), "%s", tm.tm_zone ? tm.tm_zone : "");
out:
	tz_leave(&saved);
	return rc;
}

/* Under the current TZ: the instants showing wall reading naive (at most
 * two kept, ascending). Returns how many. */
static int instants_of(int64_t naive, int64_t found[2])
{
	/* The offsets in force within a day either side cover every reading
	 * of naive (offsets stay within -12h..+14h). */
	static const int64_t probe[] = { -DAY, -DAY / 2, 0, DAY / 2, DAY };
	int n = 0;
	for (size_t i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
		struct tm tm;
		if (!wall(naive + probe[i], &tm))
			continue;
		int64_t t = naive - tm.tm_gmtoff;
		struct tm back;
		if (!wall(t, &back) || (int64_t)back.tm_gmtoff != tm.tm_gmtoff)
			continue;
		if ((n > 0 && found[0] == t) || (n > 1 && found[1] == t))
			continue;
		if (n < 2) {
			found[n++] = t;
		} else if (t < found[1]) {
			/* A third reading in two days: keep the two earliest. */
			found[1] = t;
		}
		if (n == 2 && found[1] < found[0]) {
			int64_t x = found[0];
			found[0] = found[1];
			found[1] = x;
		}
	}
	return n;
}

int vv_time_from_local(const char *tz, int y, int m, int d, int hh, int mm, int64_t *utc,
		       int *flags)
{
	int dummy;
	if (!flags)
		flags = &dummy;
	*flags = 0;
	struct vv_date date = { y, m, d };
	if (!utc || !vv_date_valid(date) || hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return VV_INVALID;
	struct tz_saved saved;
	int rc = tz_enter(tz, &saved);
	if (rc != 0)
		return rc;
	int64_t found[2] = {0, 0};
	int n = instants_of(naive_seconds(date, hh, mm, 0), found);
	if (n == 0) {
		*flags = VV_TIME_NONEXISTENT;
		rc = VV_INVALID;
	} else {
		if (n == 2)
			*flags = VV_TIME_AMBIGUOUS;
		*utc = found[0];
	}
	tz_leave(&saved);
	return rc;
}

int64_t vv_slot_earliest(int64_t now_utc)
{
	if (now_utc > INT64_MAX - 2 * VV_SLOT_SECONDS) /* no overflow on nonsense */
		return INT64_MAX - INT64_MAX % VV_SLOT_SECONDS;
	return (floor_div(now_utc, VV_SLOT_SECONDS) + 1) * VV_SLOT_SECONDS;
}

bool vv_slot_valid(int64_t t, int64_t now_utc)
{
	return t % VV_SLOT_SECONDS == 0 && t >= vv_slot_earliest(now_utc);
}

int vv_slots_for_day(const char *tz, struct vv_date day, int64_t now_utc, int64_t *out,
		     int max)
{
	if (!vv_date_valid(day) || max < 0 || (max > 0 && !out))
		return VV_INVALID;
	struct tz_saved saved;
	int rc = tz_enter(tz, &saved);
	if (rc != 0)
		return rc;
	/* Walk the UTC grid over every instant that could have this wall date
	 * (offsets -13h..+15h) and keep those that do: DST days, a midnight
	 * that does not exist and repeated hours need no special case. */
	int64_t naive = naive_seconds(day, 0, 0, 0);
	int64_t earliest = vv_slot_earliest(now_utc);
	int64_t t = floor_div(naive - 15 * 3600, VV_SLOT_SECONDS) * VV_SLOT_SECONDS;
	int64_t end = naive + DAY + 13 * 3600;
	int n = 0;
	for (; t < end; t += VV_SLOT_SECONDS) {
		struct tm tm;
		if (!wall(t, &tm))
			continue;
		if (tm.tm_year + 1900 != day.y || tm.tm_mon + 1 != day.m || tm.tm_mday != day.d)
			continue;
		if (tm.tm_gmtoff % VV_SLOT_SECONDS != 0) {
			rc = VV_INVALID; /* the grid would not be :00/:15/:30/:45 here */
			goto out;
		}
		if (t < earliest)
			continue;
		if (n == max) {
			rc = VV_INVALID;
			goto out;
		}
		out[n++] = t;
	}
	rc = n;
out:
	tz_leave(&saved);
	return rc;
}

int vv_date_today(const char *tz, int64_t now_utc, struct vv_date *out)
{
	struct vv_local l;
	if (!out)
		return VV_INVALID;
	int rc = vv_time_to_local(tz, now_utc, &l);
	if (rc != 0)
		return rc;
	out->y = l.y;
	out->m = l.m;
	out->d = l.d;
	return 0;
}

/* Reads min..max digits into *out; advances *p. */
static bool read_num(const char **p, int min, int max, int *out)
{
	int v = 0, n = 0;
	while (n < max && (*p)[n] >= '0' && (*p)[n] <= '9') {
		v = v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min || ((*p)[n] >= '0' && (*p)[n] <= '9'))
		return false;
	*p += n;
	*out = v;
	return true;
}

int vv_time_parse_date(const char *s, struct vv_date *out)
{
	struct vv_date d;
	const char *p = s;
	if (!s || !out)
		return VV_INVALID;
	if (read_num(&p, 4, 4, &d.y)) {
		if (*p++ != '-' || !read_num(&p, 2, 2, &d.m) || *p++ != '-' ||
		    !read_num(&p, 2, 2, &d.d))
			return VV_INVALID;
	} else {
		if (!read_num(&p, 1, 2, &d.d) || *p++ != '.' || !read_num(&p, 1, 2, &d.m) ||
		    *p++ != '.' || !read_num(&p, 4, 4, &d.y))
			return VV_INVALID;
	}
	if (*p != '\0' || !vv_date_valid(d))
		return VV_INVALID;
	*out = d;
	return 0;
}

int vv_time_parse_hhmm(const char *s, int *hh, int *mm)
{
	int h, m, sec;
	const char *p = s;
	if (!s || !hh || !mm)
		return VV_INVALID;
	if (!read_num(&p, 1, 2, &h))
		return VV_INVALID;
	char sep = *p++;
	if ((sep != ':' && sep != '.') || !read_num(&p, 2, 2, &m))
		return VV_INVALID;
	/* A time input with a step may send seconds; only whole minutes make sense. */
	if (sep == ':' && *p == ':') {
		p++;
		if (!read_num(&p, 2, 2, &sec) || sec != 0)
			return VV_INVALID;
	}
	if (*p != '\0' || h > 23 || m > 59)
		return VV_INVALID;
	*hh = h;
	*mm = m;
	return 0;
}

int vv_time_parse_local(const char *tz, const char *date, const char *hhmm, int64_t *utc,
			int *flags)
{
	struct vv_date d;
	int hh, mm;
	if (flags)
		*flags = 0;
	if (vv_time_parse_date(date, &d) != 0 || vv_time_parse_hhmm(hhmm, &hh, &mm) != 0)
		return VV_INVALID;
	return vv_time_from_local(tz, d.y, d.m, d.d, hh, mm, utc, flags);
}
