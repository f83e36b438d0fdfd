/* Calendar days and the repeats of recordings (R-RE-1, R-RE-2).
 *
 * Days are counted from 0001-01-01 in the proleptic Gregorian calendar; no
 * time zone is involved: the caller turns "now" into the tenant's date once
 * (vv_date_today) and everything after that is civil arithmetic. */
#include <string.h>
#include "vv/vv.h"
#include "vv/time.h"

static const char *const repeat_names[] = {
	[VV_REPEAT_ONCE] = "once",
	[VV_REPEAT_DAILY] = "daily",
	[VV_REPEAT_WEEKDAYS] = "weekdays",
	[VV_REPEAT_WEEKLY] = "weekly",
	[VV_REPEAT_BIWEEKLY] = "biweekly",
	[VV_REPEAT_MONTHLY] = "monthly",
};
#define NREPEAT ((int)(sizeof(repeat_names) / sizeof(repeat_names[0])))

/* Days before month m (1..12) in a common year. */
static const int month_start[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int vv_date_days_in_month(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : len[m - 1];
}

bool vv_date_valid(struct vv_date a)
{
	return a.y >= 1 && a.y <= 9999 && a.m >= 1 && a.m <= 12 && a.d >= 1 &&
	       a.d <= vv_date_days_in_month(a.y, a.m);
}

/* Days in the years 1..y-1. */
static int64_t days_before_year(int64_t y)
{
	int64_t p = y - 1;
	return p * 365 + p / 4 - p / 100 + p / 400;
}

/* Day number of a valid date, 0 = 0001-01-01. */
static int64_t day_number(struct vv_date a)
{
	int64_t n = days_before_year(a.y) + month_start[a.m - 1] + (a.m > 2 && leap(a.y));
	return n + a.d - 1;
}

static struct vv_date from_day_number(int64_t n)
{
	/* 146097 days in 400 years gives a year within one of the right one. */
	int64_t y = n * 400 / 146097 + 1;
	while (y > 1 && days_before_year(y) > n)
		y--;
	while (days_before_year(y + 1) <= n)
		y++;
	int doy = (int)(n - days_before_year(y)); /* 0-based */
	int m = 12;
	while (m > 1 && doy < month_start[m - 1] + (m > 2 && leap((int)y)))
		m--;
	struct vv_date out = { (int)y, m, doy - month_start[m - 1] - (m > 2 && leap((int)y)) + 1 };
	return out;
}

int vv_date_cmp(struct vv_date a, struct vv_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

struct vv_date vv_date_add_days(struct vv_date a, int n)
{
	return from_day_number(day_number(a) + n);
}

int vv_date_diff(struct vv_date a, struct vv_date b)
{
	return (int)(day_number(b) - day_number(a));
}

int vv_date_wday(struct vv_date a)
{
	/* 0001-01-01 was a Monday. */
	return (int)((day_number(a) + 1) % 7);
}

int vv_repeat_parse(const char *s, enum vv_repeat *out)
{
	if (!s || !out)
		return VV_INVALID;
	for (int i = 0; i < NREPEAT; i++) {
		if (strcmp(s, repeat_names[i]) == 0) {
			*out = (enum vv_repeat)i;
			return 0;
		}
	}
	return VV_INVALID;
}

const char *vv_repeat_name(enum vv_repeat rep)
{
	if ((int)rep < 0 || (int)rep >= NREPEAT)
		return NULL;
	return repeat_names[rep];
}

bool vv_repeat_on(enum vv_repeat rep, struct vv_date start, struct vv_date until,
		  struct vv_date day)
{
	if (!vv_date_valid(start) || !vv_date_valid(day) || !vv_repeat_name(rep))
		return false;
	if (rep == VV_REPEAT_ONCE)
		return vv_date_cmp(day, start) == 0;
	if (!vv_date_valid(until) || vv_date_cmp(until, start) < 0)
		return false;
	if (vv_date_cmp(day, start) < 0 || vv_date_cmp(day, until) > 0)
		return false;
	if (vv_date_cmp(day, start) == 0)
		return true;

	int64_t since = day_number(day) - day_number(start);
	switch (rep) {
	case VV_REPEAT_DAILY:
		return true;
	case VV_REPEAT_WEEKDAYS: {
		int wd = vv_date_wday(day);
		return wd >= 1 && wd <= 5;
	}
	case VV_REPEAT_WEEKLY:
		return since % 7 == 0;
	case VV_REPEAT_BIWEEKLY:
		return since % 14 == 0;
	case VV_REPEAT_MONTHLY: {
		/* Start on the 31st: the last day of shorter months, so that a
		 * monthly recording never skips a month. */
		int last = vv_date_days_in_month(day.y, day.m);
		return day.d == (start.d < last ? start.d : last);
	}
	default:
		return false;
	}
}

int vv_repeat_days(enum vv_repeat rep, struct vv_date start, struct vv_date until,
		   struct vv_date from, struct vv_date to, struct vv_date *out, int max)
{
	if (!vv_date_valid(start) || !vv_date_valid(from) || !vv_date_valid(to) ||
	    !vv_repeat_name(rep) || (rep != VV_REPEAT_ONCE && !vv_date_valid(until)) ||
	    max < 0 || (max > 0 && !out))
		return VV_INVALID;
	/* Only [start, last] can match; walking just that keeps a wide range cheap. */
	struct vv_date last = rep == VV_REPEAT_ONCE ? start : until;
	int64_t lo = day_number(from), hi = day_number(to);
	if (day_number(start) > lo)
		lo = day_number(start);
	if (day_number(last) < hi)
		hi = day_number(last);
	int n = 0;
	for (int64_t i = lo; i <= hi; i++) {
		struct vv_date day = from_day_number(i);
		if (!vv_repeat_on(rep, start, until, day))
			continue;
		if (n == max)
			return VV_INVALID;
		out[n++] = day;
	}
	return n;
}

/* Weekly series of events: the same day arithmetic, one more rule. */

bool vv_weekly_on(const struct vv_weekly *w, struct vv_date day)
{
	if (!vv_date_valid(w->start) || !vv_date_valid(day) || w->every < 1 ||
	    vv_date_cmp(day, w->start) < 0 || !(w->wdays & (1u << vv_date_wday(day))))
		return false;
	/* Monday of each one's week: a week is chosen when its Monday is a
	 * whole number of `every` weeks after the start's Monday. */
	int64_t s = day_number(w->start), d = day_number(day);
	int64_t sm = s - (s % 7), dm = d - (d % 7); /* day 0 was a Monday */
	return ((dm - sm) / 7) % w->every == 0;
}

int vv_weekly_days(const struct vv_weekly *w, struct vv_date *out, int max)
{
	if (!vv_date_valid(w->start) || (w->wdays & 0x7f) == 0 || w->every < 1 ||
	    w->count < 0 || (w->count == 0 && (!vv_date_valid(w->until) ||
					      vv_date_cmp(w->until, w->start) < 0)) ||
	    max < 0 || (max > 0 && !out))
		return VV_INVALID;
	int n = 0, ruled = 0;
	int64_t last = w->count ? INT64_MAX : day_number(w->until);
	for (int64_t i = day_number(w->start); i <= last; i++) {
		struct vv_date day = from_day_number(i);
		if (!vv_date_valid(day))
			return VV_INVALID;
		if (!vv_weekly_on(w, day))
			continue;
		if (++ruled > max)
			return VV_INVALID;
		bool skipped = false;
		for (int k = 0; k < w->nskip && !skipped; k++)
			skipped = vv_date_cmp(w->skip[k], day) == 0;
		if (!skipped)
			out[n++] = day;
		if (w->count && ruled == w->count)
			break;
	}
	return n;
}
