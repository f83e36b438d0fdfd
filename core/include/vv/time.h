/* Event times and recordings' calendar days.
 *
 * Instants are UTC seconds (int64_t); what people see and type is wall time
 * in the tenant's IANA zone ("Europe/Helsinki"), DST-correct through the
 * system's zoneinfo. Calendar dates (struct vv_date) carry no zone: they are
 * proleptic Gregorian days, and the date functions do plain civil arithmetic.
 *
 * Every function returns 0 (or a count) on success and a negative VV_ code
 * on failure; none allocates. Functions taking a zone switch the process's
 * TZ for the duration of the call and put it back as they found it, so that
 * other code caching the zone it last set (datetime.c) stays right; workers
 * are single-threaded, so nothing sees the switch. */
#ifndef VV_TIME_H
#define VV_TIME_H

#include <stdbool.h>
#include <stdint.h>

/* A calendar day: y 1..9999, m 1..12, d 1..days in that month. */
struct vv_date {
	int y, m, d;
};

/* Wall time of an instant in a zone. */
struct vv_local {
	int y, m, d, hh, mm, ss;
	int wday;       /* 0 = Sunday .. 6 = Saturday */
	int utc_offset; /* seconds east of UTC, DST included (EEST = 10800) */
	char abbr[8];   /* "EET", "EEST", "+0545"...; NUL-terminated, may be cut */
};

/* --- local wall time <-> UTC --- */

/* vv_time_from_local *flags bits. */
#define VV_TIME_NONEXISTENT 1 /* skipped by a spring-forward change */
#define VV_TIME_AMBIGUOUS 2   /* occurs twice at a fall-back change */

/* Wall time of utc in zone tz. VV_INVALID for an unknown or malformed zone
 * name, a NULL argument or an instant outside years 1..9999. */
int vv_time_to_local(const char *tz, int64_t utc, struct vv_local *out);

/* The instant at which the wall clock in tz shows y-m-d hh:mm:00.
 * Out-of-range fields (month 1-12, day within the month, hh 0-23, mm 0-59,
 * year 1-9999) and unknown zones give VV_INVALID with *flags 0. A time
 * skipped by a spring-forward change gives VV_INVALID with *flags
 * VV_TIME_NONEXISTENT (*utc untouched). A time that occurs twice gives 0,
 * the EARLIER instant (still summer time) and VV_TIME_AMBIGUOUS, so that a
 * form can say which one it took. flags may be NULL. */
int vv_time_from_local(const char *tz, int y, int m, int d, int hh, int mm, int64_t *utc,
		       int *flags);

/* --- the 15-minute grid (R-EV-6) ---
 *
 * The grid is the UTC one: instants divisible by VV_SLOT_SECONDS. In a zone
 * whose UTC offset is a multiple of 15 minutes - every zone in use today,
 * including +5:30 (Kolkata), +5:45 (Kathmandu) and +12:45 (Chatham) - it is
 * exactly local :00, :15, :30 and :45. vv_slots_for_day refuses a day on
 * which the zone had any other offset (historic local mean times). */
#define VV_SLOT_SECONDS 900
/* Room that vv_slots_for_day always has enough with: a 28-hour day. */
#define VV_SLOTS_DAY_MAX 112

/* The first grid point strictly after now_utc: 12:07 -> 12:15,
 * 12:14:59 -> 12:15, 12:15:00 -> 12:30. */
int64_t vv_slot_earliest(int64_t now_utc);

/* True when t is on the grid and not before vv_slot_earliest(now_utc):
 * the server-side re-check of a submitted start time. */
bool vv_slot_valid(int64_t t, int64_t now_utc);

/* Every valid slot start (UTC, ascending) whose wall date in tz is day:
 * 96 on an ordinary day, 92 on a spring-forward day and 100 at fall-back
 * (the repeated hour's four slots twice), fewer today (only those
 * >= vv_slot_earliest(now_utc)), none for a past day. Writes into out
 * (room for max; VV_SLOTS_DAY_MAX always suffices) and returns the count.
 * VV_INVALID for a bad zone or date, a day with an offset off the grid, or
 * when max is too small (out then holds the first max slots). */
int vv_slots_for_day(const char *tz, struct vv_date day, int64_t now_utc, int64_t *out,
		     int max);

/* --- form fields --- */

/* "2026-11-27" (exactly 4-2-2 digits) or the Finnish and Swedish way,
 * "27.11.2026" / "1.3.2026" (day and month of one or two digits, four-digit
 * year). Nothing else, no spaces; the date must exist. 0 or VV_INVALID. */
int vv_time_parse_date(const char *s, struct vv_date *out);

/* "12:30" or "12.30" (hour of one or two digits, minutes of two), also
 * "12:30:00" as some browsers send a time input's value. 0 or VV_INVALID. */
int vv_time_parse_hhmm(const char *s, int *hh, int *mm);

/* Both form fields at once, then vv_time_from_local in tz: the same return
 * codes and flags. A field that does not parse gives VV_INVALID, flags 0. */
int vv_time_parse_local(const char *tz, const char *date, const char *hhmm, int64_t *utc,
			int *flags);

/* --- calendar days --- */

/* True when d is a real day in years 1..9999. */
bool vv_date_valid(struct vv_date d);
/* Negative, 0 or positive as a is before, the same as or after b. */
int vv_date_cmp(struct vv_date a, struct vv_date b);
/* a moved by n days (negative goes back). a must be valid; the result is
 * valid while it stays within years 1..9999. */
struct vv_date vv_date_add_days(struct vv_date a, int n);
/* Days from a to b (b - a); both valid. */
int vv_date_diff(struct vv_date a, struct vv_date b);
/* Day of the week of a valid date, 0 = Sunday .. 6 = Saturday. */
int vv_date_wday(struct vv_date a);
/* Days in month m (1..12) of year y, leap years included. */
int vv_date_days_in_month(int y, int m);
/* The wall date in tz at now_utc. 0 or VV_INVALID. */
int vv_date_today(const char *tz, int64_t now_utc, struct vv_date *out);

/* --- repeats of recordings (R-RE-1, R-RE-2) --- */

enum vv_repeat {
	VV_REPEAT_ONCE,
	VV_REPEAT_DAILY,
	VV_REPEAT_WEEKDAYS,
	VV_REPEAT_WEEKLY,
	VV_REPEAT_BIWEEKLY,
	VV_REPEAT_MONTHLY,
};

/* "once", "daily", "weekdays", "weekly", "biweekly", "monthly" (exactly,
 * as stored and as the form sends them). 0 or VV_INVALID. */
int vv_repeat_parse(const char *s, enum vv_repeat *out);
/* The name vv_repeat_parse reads, or NULL for a value outside the enum. */
const char *vv_repeat_name(enum vv_repeat rep);

/* Does a recording starting on start and repeating by rep until until (the
 * last day, inclusive; ignored for ONCE) show on day? Never before start and
 * never after until. ONCE: only start. DAILY: every day. WEEKDAYS: Monday to
 * Friday. WEEKLY: start's weekday. BIWEEKLY: start's weekday every 14 days
 * from start. MONTHLY: start's day of the month; in a month that has no such
 * day (start on the 29th-31st) it shows on that month's last day, so Jan 31
 * gives Feb 28 (29 in leap years), Mar 31, Apr 30. The start day itself
 * always shows (R-RE-2), even a Saturday for WEEKDAYS - except when until is
 * before start: then a repeating recording shows on no day at all (the form
 * refuses that). False for invalid dates or an unknown rep. */
bool vv_repeat_on(enum vv_repeat rep, struct vv_date start, struct vv_date until,
		  struct vv_date day);

/* The days in [from, to] (inclusive, ascending) on which vv_repeat_on holds,
 * written to out (room for max); returns how many, 0 when none (also when
 * to < from). VV_INVALID for invalid dates, an unknown rep, or more days
 * than max (out then holds the first max). The calendar asks for a week:
 * from = its first day, to = from + 6, max = 7. */
int vv_repeat_days(enum vv_repeat rep, struct vv_date start, struct vv_date until,
		   struct vv_date from, struct vv_date to, struct vv_date *out, int max);

/* --- weekly series of events (issue 16) --- */

/* A series' rule: wdays bit w (1 << vv_date_wday) for each chosen weekday,
 * every `every` weeks (1 = each week; weeks run Monday to Sunday, counted
 * from start's week), ending on until (inclusive) when count is 0, else
 * after count days of the rule. skip[] are exceptions: taken out after the
 * rule (as RFC 5545's EXDATE: they still count towards count). */
struct vv_weekly {
	struct vv_date start, until;
	unsigned wdays;
	int every, count;
	const struct vv_date *skip;
	int nskip;
};

/* The days of rule w on or after its start, ascending, into out (room for
 * max); returns how many. VV_INVALID for an invalid start or until, no
 * weekday, every < 1, count < 0, or when the rule gives more than max days
 * (exceptions not yet taken out). A skip[] entry that is not a day of the
 * rule is ignored here; the caller may check with vv_weekly_on. */
int vv_weekly_days(const struct vv_weekly *w, struct vv_date *out, int max);
/* True when day is a day of rule w before exceptions (count not applied). */
bool vv_weekly_on(const struct vv_weekly *w, struct vv_date day);

#endif
