/* vv/time.h, the zone side: wall time <-> UTC around DST changes, the
 * 15-minute grid of event starts (R-EV-6), the slots a form offers, the
 * form's date and time fields, and living beside datetime.c's zone cache. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core.h"
#include "time/datetime.h"

#define HEL "Europe/Helsinki"

static int64_t utc(const char *s)
{
	int64_t t = 0;
	ck_assert_msg(vv_parse_utc(s, &t) == 0, "cannot parse %s", s);
	return t;
}

/* Local wall time -> UTC, expecting success; a macro so failures name the line. */
#define ck_local(expect_utc, expect_flags, tz, y, m, d, hh, mm) do {              \
		int64_t t_ = 0;                                                  \
		int f_ = -1;                                                     \
		ck_assert_int_eq(vv_time_from_local((tz), (y), (m), (d), (hh), (mm), &t_, &f_), 0); \
		ck_assert_int_eq(t_, utc(expect_utc));                           \
		ck_assert_int_eq(f_, (expect_flags));                            \
	} while (0)

#define ck_nonexistent(tz, y, m, d, hh, mm) do {                                  \
		int64_t t_ = 42;                                                 \
		int f_ = -1;                                                     \
		ck_assert_int_eq(vv_time_from_local((tz), (y), (m), (d), (hh), (mm), &t_, &f_), \
				 VV_INVALID);                                    \
		ck_assert_int_eq(f_, VV_TIME_NONEXISTENT);                       \
		ck_assert_int_eq(t_, 42);                                        \
	} while (0)

#define ck_refused(tz, y, m, d, hh, mm) do {                                      \
		int64_t t_ = 42;                                                 \
		int f_ = -1;                                                     \
		ck_assert_int_eq(vv_time_from_local((tz), (y), (m), (d), (hh), (mm), &t_, &f_), \
				 VV_INVALID);                                    \
		ck_assert_int_eq(f_, 0);                                         \
		ck_assert_int_eq(t_, 42);                                        \
	} while (0)

/* --- wall time -> UTC --- */

START_TEST(ordinary_times)
{
	ck_local("2026-11-27T10:30:00Z", 0, HEL, 2026, 11, 27, 12, 30); /* EET */
	ck_local("2026-06-15T09:00:00Z", 0, HEL, 2026, 6, 15, 12, 0);   /* EEST */
	ck_local("2026-06-15T10:00:00Z", 0, "Europe/Stockholm", 2026, 6, 15, 12, 0);
	ck_local("2026-01-15T17:00:00Z", 0, "America/New_York", 2026, 1, 15, 12, 0);
	ck_local("2026-07-15T16:00:00Z", 0, "America/New_York", 2026, 7, 15, 12, 0);
	ck_local("2026-07-15T06:30:00Z", 0, "Asia/Kolkata", 2026, 7, 15, 12, 0);
	ck_local("2026-07-15T06:15:00Z", 0, "Asia/Kathmandu", 2026, 7, 15, 12, 0);
	ck_local("2026-07-15T12:00:00Z", 0, "UTC", 2026, 7, 15, 12, 0);
	ck_local("2028-02-29T22:00:00Z", 0, HEL, 2028, 3, 1, 0, 0);
	ck_local("2026-12-31T21:59:00Z", 0, HEL, 2026, 12, 31, 23, 59);
	/* flags may be NULL */
	int64_t t;
	ck_assert_int_eq(vv_time_from_local(HEL, 2026, 11, 27, 12, 30, &t, NULL), 0);
	ck_assert_int_eq(t, utc("2026-11-27T10:30:00Z"));
}
END_TEST

START_TEST(helsinki_spring_forward)
{
	/* 2026-03-29: 03:00 EET becomes 04:00 EEST at 01:00 UTC. */
	ck_local("2026-03-29T00:45:00Z", 0, HEL, 2026, 3, 29, 2, 45);
	ck_local("2026-03-29T00:59:00Z", 0, HEL, 2026, 3, 29, 2, 59);
	for (int mm = 0; mm < 60; mm++)
		ck_nonexistent(HEL, 2026, 3, 29, 3, mm);
	ck_local("2026-03-29T01:00:00Z", 0, HEL, 2026, 3, 29, 4, 0);
	/* 02:45 and 04:00 are neighbouring slots, 15 minutes apart */
	int64_t a, b;
	ck_assert_int_eq(vv_time_from_local(HEL, 2026, 3, 29, 2, 45, &a, NULL), 0);
	ck_assert_int_eq(vv_time_from_local(HEL, 2026, 3, 29, 4, 0, &b, NULL), 0);
	ck_assert_int_eq(b - a, 900);
	/* the same wall times a day earlier and later exist */
	ck_local("2026-03-28T01:30:00Z", 0, HEL, 2026, 3, 28, 3, 30);
	ck_local("2026-03-30T00:30:00Z", 0, HEL, 2026, 3, 30, 3, 30);
	/* New York skips 02:00-02:59 on 2026-03-08 */
	ck_nonexistent("America/New_York", 2026, 3, 8, 2, 0);
	ck_nonexistent("America/New_York", 2026, 3, 8, 2, 30);
	ck_local("2026-03-08T06:59:00Z", 0, "America/New_York", 2026, 3, 8, 1, 59);
	ck_local("2026-03-08T07:00:00Z", 0, "America/New_York", 2026, 3, 8, 3, 0);
	/* Stockholm skips 02:00-02:59 on 2026-03-29 */
	ck_nonexistent("Europe/Stockholm", 2026, 3, 29, 2, 15);
	/* Kathmandu moved from +5:30 to +5:45 at 1986-01-01 00:00 */
	ck_nonexistent("Asia/Kathmandu", 1986, 1, 1, 0, 10);
	ck_local("1985-12-31T18:30:00Z", 0, "Asia/Kathmandu", 1986, 1, 1, 0, 15);
	/* Samoa skipped the whole of 2011-12-30 */
	ck_nonexistent("Pacific/Apia", 2011, 12, 30, 12, 0);
}
END_TEST

START_TEST(helsinki_fall_back)
{
	/* 2026-10-25: 04:00 EEST becomes 03:00 EET at 01:00 UTC, so 03:00-03:59
	 * happens twice; the earlier (summer-time) instant is taken. */
	ck_local("2026-10-25T00:30:00Z", VV_TIME_AMBIGUOUS, HEL, 2026, 10, 25, 3, 30);
	ck_local("2026-10-25T00:00:00Z", VV_TIME_AMBIGUOUS, HEL, 2026, 10, 25, 3, 0);
	ck_local("2026-10-25T00:59:00Z", VV_TIME_AMBIGUOUS, HEL, 2026, 10, 25, 3, 59);
	ck_local("2026-10-24T23:59:00Z", 0, HEL, 2026, 10, 25, 2, 59);
	ck_local("2026-10-25T02:00:00Z", 0, HEL, 2026, 10, 25, 4, 0);
	for (int mm = 0; mm < 60; mm++) {
		int64_t t;
		int f;
		ck_assert_int_eq(vv_time_from_local(HEL, 2026, 10, 25, 3, mm, &t, &f), 0);
		ck_assert_int_eq(f, VV_TIME_AMBIGUOUS);
		struct vv_local l;
		ck_assert_int_eq(vv_time_to_local(HEL, t, &l), 0);
		ck_assert_str_eq(l.abbr, "EEST");
		ck_assert_int_eq(l.utc_offset, 3 * 3600);
		ck_assert_int_eq(l.hh, 3);
		ck_assert_int_eq(l.mm, mm);
		/* the later reading is an hour on, in winter time */
		ck_assert_int_eq(vv_time_to_local(HEL, t + 3600, &l), 0);
		ck_assert_str_eq(l.abbr, "EET");
		ck_assert_int_eq(l.hh, 3);
		ck_assert_int_eq(l.mm, mm);
	}
	ck_local("2026-11-01T05:30:00Z", VV_TIME_AMBIGUOUS, "America/New_York", 2026, 11, 1, 1, 30);
	ck_local("2026-11-01T07:00:00Z", 0, "America/New_York", 2026, 11, 1, 2, 0);
}
END_TEST

START_TEST(refused_wall_times)
{
	ck_refused(HEL, 2026, 2, 29, 12, 0);
	ck_refused(HEL, 2026, 13, 1, 12, 0);
	ck_refused(HEL, 2026, 0, 1, 12, 0);
	ck_refused(HEL, 2026, 4, 31, 12, 0);
	ck_refused(HEL, 2026, 4, 0, 12, 0);
	ck_refused(HEL, 2100, 2, 29, 12, 0); /* not a leap year */
	ck_refused(HEL, 2026, 1, 1, 24, 0);
	ck_refused(HEL, 2026, 1, 1, -1, 0);
	ck_refused(HEL, 2026, 1, 1, 12, 60);
	ck_refused(HEL, 2026, 1, 1, 12, -1);
	ck_refused(HEL, 0, 1, 1, 12, 0);
	ck_refused(HEL, 10000, 1, 1, 12, 0);
	ck_refused("Mars/Olympus_Mons", 2026, 1, 1, 12, 0);
	ck_refused("", 2026, 1, 1, 12, 0);
	ck_refused("/etc/passwd", 2026, 1, 1, 12, 0);
	ck_refused("../../etc/passwd", 2026, 1, 1, 12, 0);
	ck_refused("EST5EDT,M3.2.0,M11.1.0", 2026, 1, 1, 12, 0);
	ck_refused(NULL, 2026, 1, 1, 12, 0);
	ck_local("2000-02-29T10:00:00Z", 0, HEL, 2000, 2, 29, 12, 0); /* a leap year */
	ck_assert_int_eq(vv_time_from_local(HEL, 2026, 1, 1, 12, 0, NULL, NULL), VV_INVALID);
}
END_TEST

/* --- UTC -> wall time --- */

START_TEST(to_local_fields)
{
	struct vv_local l;
	ck_assert_int_eq(vv_time_to_local(HEL, utc("2026-11-27T10:30:15Z"), &l), 0);
	ck_assert_int_eq(l.y, 2026);
	ck_assert_int_eq(l.m, 11);
	ck_assert_int_eq(l.d, 27);
	ck_assert_int_eq(l.hh, 12);
	ck_assert_int_eq(l.mm, 30);
	ck_assert_int_eq(l.ss, 15);
	ck_assert_int_eq(l.wday, 5); /* Friday */
	ck_assert_int_eq(l.utc_offset, 7200);
	ck_assert_str_eq(l.abbr, "EET");
	ck_assert_int_eq(vv_time_to_local(HEL, utc("2026-07-01T00:00:00Z"), &l), 0);
	ck_assert_str_eq(l.abbr, "EEST");
	ck_assert_int_eq(l.utc_offset, 10800);
	ck_assert_int_eq(vv_time_to_local("Asia/Kathmandu", utc("2026-07-01T00:00:00Z"), &l), 0);
	ck_assert_int_eq(l.utc_offset, 5 * 3600 + 45 * 60);
	ck_assert_int_eq(l.hh, 5);
	ck_assert_int_eq(l.mm, 45);
	ck_assert_int_eq(vv_time_to_local("America/New_York", utc("2026-01-01T03:00:00Z"), &l), 0);
	ck_assert_int_eq(l.y, 2025);
	ck_assert_int_eq(l.m, 12);
	ck_assert_int_eq(l.d, 31);
	ck_assert_int_eq(l.hh, 22);
	ck_assert_int_eq(l.wday, 3);
	ck_assert_int_eq(l.utc_offset, -5 * 3600);
	ck_assert_str_eq(l.abbr, "EST");

	ck_assert_int_eq(vv_time_to_local("Nowhere/Atall", 0, &l), VV_INVALID);
	ck_assert_int_eq(vv_time_to_local(NULL, 0, &l), VV_INVALID);
	ck_assert_int_eq(vv_time_to_local(HEL, 0, NULL), VV_INVALID);
	ck_assert_int_eq(vv_time_to_local("UTC", -62135596800LL, &l), 0);
	ck_assert_int_eq(l.y, 1);
	ck_assert_int_eq(vv_time_to_local("UTC", 253402300799LL, &l), 0);
	ck_assert_int_eq(l.y, 9999);
	ck_assert_int_eq(vv_time_to_local("UTC", -62135596801LL, &l), VV_INVALID);
	ck_assert_int_eq(vv_time_to_local("UTC", 253402300800LL, &l), VV_INVALID);
	ck_assert_int_eq(vv_time_to_local("UTC", INT64_MAX, &l), VV_INVALID);
	ck_assert_int_eq(vv_time_to_local("UTC", INT64_MIN, &l), VV_INVALID);
}
END_TEST

/* Every instant in [from, to), stepping step seconds, reads back as itself
 * through its wall time - except in a repeated hour, where the earlier
 * instant comes back flagged - and no wall time that an instant shows is
 * ever called skipped. Returns how many were flagged ambiguous. */
static int round_trip(const char *tz, const char *from_s, const char *to_s, int step)
{
	int64_t from = utc(from_s), to = utc(to_s);
	int ambiguous = 0;
	for (int64_t t = from; t < to; t += step) {
		struct vv_local l;
		ck_assert_int_eq(vv_time_to_local(tz, t, &l), 0);
		ck_assert_int_eq(l.ss, 0);
		ck_assert_int_eq(l.utc_offset % 900, 0);
		int64_t back;
		int f;
		ck_assert_msg(vv_time_from_local(tz, l.y, l.m, l.d, l.hh, l.mm, &back, &f) == 0,
			      "%s %d-%d-%d %d:%d", tz, l.y, l.m, l.d, l.hh, l.mm);
		if (f == VV_TIME_AMBIGUOUS) {
			/* the same wall reading, at t or earlier (Lord Howe: 30 min) */
			ambiguous++;
			struct vv_local e;
			ck_assert_msg(back <= t && t - back <= 3600, "%s at %lld", tz, (long long)t);
			ck_assert_int_eq(vv_time_to_local(tz, back, &e), 0);
			ck_assert(e.d == l.d && e.hh == l.hh && e.mm == l.mm);
		} else {
			ck_assert_int_eq(f, 0);
			ck_assert_int_eq(back, t);
		}
		/* the wall date agrees with the civil arithmetic */
		struct vv_date d = { l.y, l.m, l.d };
		ck_assert_int_eq(vv_date_wday(d), l.wday);
	}
	return ambiguous;
}

START_TEST(round_trips)
{
	/* a year at a 97-minute stride, which meets every minute of the hour;
	 * it crosses each repeated hour once or twice */
	static const char *const zones[] = {
		HEL, "Europe/Stockholm", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC",
	};
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		int a = round_trip(zones[i], "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 97 * 60);
		if (i < 3)
			ck_assert_msg(a >= 1 && a <= 2, "%s: %d", zones[i], a);
		else
			ck_assert_int_eq(a, 0);
	}
	/* every minute around the changes: 120 instants share 60 wall minutes */
	ck_assert_int_eq(round_trip(HEL, "2026-10-24T22:00:00Z", "2026-10-25T04:00:00Z", 60), 120);
	ck_assert_int_eq(round_trip(HEL, "2026-03-28T22:00:00Z", "2026-03-29T04:00:00Z", 60), 0);
	ck_assert_int_eq(round_trip("America/New_York", "2026-11-01T03:00:00Z",
				    "2026-11-01T09:00:00Z", 60), 120);
	ck_assert_int_eq(round_trip("America/New_York", "2026-03-08T04:00:00Z",
				    "2026-03-08T10:00:00Z", 60), 0);
	ck_assert_int_eq(round_trip("Australia/Lord_Howe", "2026-04-04T12:00:00Z",
				    "2026-04-04T18:00:00Z", 60), 60);
}
END_TEST

/* --- the 15-minute grid --- */

START_TEST(earliest_slot)
{
	/* the guide: at 12:15 the earliest start is 12:30; at 12:07 it is 12:15 */
	ck_assert_int_eq(vv_slot_earliest(utc("2026-11-27T12:15:00Z")), utc("2026-11-27T12:30:00Z"));
	ck_assert_int_eq(vv_slot_earliest(utc("2026-11-27T12:07:00Z")), utc("2026-11-27T12:15:00Z"));
	ck_assert_int_eq(vv_slot_earliest(utc("2026-11-27T12:14:59Z")), utc("2026-11-27T12:15:00Z"));
	ck_assert_int_eq(vv_slot_earliest(utc("2026-11-27T12:15:01Z")), utc("2026-11-27T12:30:00Z"));
	ck_assert_int_eq(vv_slot_earliest(utc("2026-11-27T23:59:59Z")), utc("2026-11-28T00:00:00Z"));
	ck_assert_int_eq(vv_slot_earliest(utc("2026-11-27T23:45:00Z")), utc("2026-11-28T00:00:00Z"));
	/* the guide again, in Helsinki wall time: 01.01.2018 08:00 -> 08:15 */
	int64_t now, want;
	ck_assert_int_eq(vv_time_parse_local(HEL, "01.01.2018", "08:00", &now, NULL), 0);
	ck_assert_int_eq(vv_time_parse_local(HEL, "01.01.2018", "08:15", &want, NULL), 0);
	ck_assert_int_eq(vv_slot_earliest(now), want);
	/* grid in local time in a +5:45 zone: 12:07 -> 12:15 */
	ck_assert_int_eq(vv_time_parse_local("Asia/Kathmandu", "2026-05-05", "12:07", &now, NULL), 0);
	ck_assert_int_eq(vv_time_parse_local("Asia/Kathmandu", "2026-05-05", "12:15", &want, NULL), 0);
	ck_assert_int_eq(vv_slot_earliest(now), want);
	/* before 1970 too */
	ck_assert_int_eq(vv_slot_earliest(-1), 0);
	ck_assert_int_eq(vv_slot_earliest(-900), 0);
	ck_assert_int_eq(vv_slot_earliest(-901), -900);
	/* absurd clocks neither overflow nor crash */
	ck_assert_int_eq(vv_slot_earliest(INT64_MAX) % 900, 0);
	ck_assert_int_eq(vv_slot_earliest(INT64_MIN) % 900, 0);
	ck_assert(!vv_slot_valid(INT64_MIN, 0));
	int64_t s[VV_SLOTS_DAY_MAX];
	struct vv_date day = { 2026, 11, 27 };
	ck_assert_int_eq(vv_slots_for_day(HEL, day, INT64_MAX, s, VV_SLOTS_DAY_MAX), 0);
	ck_assert_int_eq(vv_slots_for_day(HEL, day, INT64_MIN, s, VV_SLOTS_DAY_MAX), 96);
}
END_TEST

START_TEST(slot_validity)
{
	int64_t now = utc("2026-11-27T12:15:00Z");
	ck_assert(!vv_slot_valid(utc("2026-11-27T12:15:00Z"), now)); /* not strictly future */
	ck_assert(vv_slot_valid(utc("2026-11-27T12:30:00Z"), now));
	ck_assert(vv_slot_valid(utc("2027-01-01T00:45:00Z"), now));
	ck_assert(!vv_slot_valid(utc("2026-11-27T12:00:00Z"), now));
	ck_assert(!vv_slot_valid(utc("2026-11-27T12:40:00Z"), now)); /* off the grid */
	ck_assert(!vv_slot_valid(utc("2026-11-27T12:30:01Z"), now));
	now = utc("2026-11-27T12:07:00Z");
	ck_assert(vv_slot_valid(utc("2026-11-27T12:15:00Z"), now));
	ck_assert(!vv_slot_valid(utc("2026-11-27T12:00:00Z"), now));
	ck_assert(!vv_slot_valid(-450, -10000));
	ck_assert(vv_slot_valid(-900, -10000));
}
END_TEST

/* Slots are ascending, on the grid, on the day, 15 minutes apart in UTC
 * (the repeated hour included). */
static void check_slots(const char *tz, struct vv_date day, const int64_t *s, int n)
{
	for (int i = 0; i < n; i++) {
		struct vv_local l;
		ck_assert_int_eq(s[i] % 900, 0);
		if (i > 0)
			ck_assert_int_eq(s[i] - s[i - 1], 900);
		ck_assert_int_eq(vv_time_to_local(tz, s[i], &l), 0);
		ck_assert_int_eq(l.y, day.y);
		ck_assert_int_eq(l.m, day.m);
		ck_assert_int_eq(l.d, day.d);
		ck_assert_int_eq(l.mm % 15, 0);
		ck_assert_int_eq(l.ss, 0);
	}
}

static int slots(const char *tz, int y, int m, int d, int64_t now, int64_t *out)
{
	struct vv_date day = { y, m, d };
	int n = vv_slots_for_day(tz, day, now, out, VV_SLOTS_DAY_MAX);
	if (n > 0)
		check_slots(tz, day, out, n);
	return n;
}

START_TEST(slots_of_a_day)
{
	int64_t s[VV_SLOTS_DAY_MAX];
	int64_t past = utc("2020-01-01T00:00:00Z");
	int n = slots(HEL, 2026, 11, 27, past, s);
	ck_assert_int_eq(n, 96);
	ck_assert_int_eq(s[0], utc("2026-11-26T22:00:00Z"));
	ck_assert_int_eq(s[95], utc("2026-11-27T21:45:00Z"));

	/* spring forward: 23 hours; 02:45 is followed by 04:00 */
	ck_assert_int_eq(slots(HEL, 2026, 3, 29, past, s), 92);
	ck_assert_int_eq(s[0], utc("2026-03-28T22:00:00Z"));
	ck_assert_int_eq(s[11], utc("2026-03-29T00:45:00Z"));
	ck_assert_int_eq(s[12], utc("2026-03-29T01:00:00Z"));
	struct vv_local l;
	ck_assert_int_eq(vv_time_to_local(HEL, s[12], &l), 0);
	ck_assert_int_eq(l.hh, 4);
	ck_assert_int_eq(l.mm, 0);

	/* fall back: 25 hours; 03:00-03:45 offered twice, EEST then EET */
	ck_assert_int_eq(slots(HEL, 2026, 10, 25, past, s), 100);
	ck_assert_int_eq(s[0], utc("2026-10-24T21:00:00Z"));
	ck_assert_int_eq(s[99], utc("2026-10-25T21:45:00Z"));
	int threes = 0;
	for (int i = 0; i < 100; i++) {
		ck_assert_int_eq(vv_time_to_local(HEL, s[i], &l), 0);
		threes += l.hh == 3;
	}
	ck_assert_int_eq(threes, 8);

	ck_assert_int_eq(slots("America/New_York", 2026, 3, 8, past, s), 92);
	ck_assert_int_eq(slots("America/New_York", 2026, 11, 1, past, s), 100);
	ck_assert_int_eq(slots("Asia/Kolkata", 2026, 3, 29, past, s), 96);
	ck_assert_int_eq(s[0], utc("2026-03-28T18:30:00Z"));
	ck_assert_int_eq(slots("Asia/Kathmandu", 2026, 3, 29, past, s), 96);
	ck_assert_int_eq(s[0], utc("2026-03-28T18:15:00Z"));
	/* Lord Howe moves its clocks by 30 minutes */
	ck_assert_int_eq(slots("Australia/Lord_Howe", 2026, 4, 5, past, s), 98);
	ck_assert_int_eq(slots("Australia/Lord_Howe", 2026, 10, 4, past, s), 94);
	/* a day a zone skipped has no slots; the days around it are whole */
	int64_t before = utc("2011-01-01T00:00:00Z");
	ck_assert_int_eq(slots("Pacific/Apia", 2011, 12, 29, before, s), 96);
	ck_assert_int_eq(slots("Pacific/Apia", 2011, 12, 30, before, s), 0);
	ck_assert_int_eq(slots("Pacific/Apia", 2011, 12, 31, before, s), 96);
	/* the far east and west */
	ck_assert_int_eq(slots("Pacific/Kiritimati", 2026, 6, 1, past, s), 96);
	ck_assert_int_eq(slots("Etc/GMT+12", 2026, 6, 1, past, s), 96);
}
END_TEST

START_TEST(slots_today_and_past)
{
	int64_t s[VV_SLOTS_DAY_MAX];
	/* 14:07 in Helsinki on 27.11.2026: the first slot offered is 14:15 */
	int64_t now;
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-11-27", "14:07", &now, NULL), 0);
	int n = slots(HEL, 2026, 11, 27, now, s);
	ck_assert_int_eq(n, 96 - 57);
	ck_assert_int_eq(s[0], now + 8 * 60);
	for (int i = 0; i < n; i++)
		ck_assert(vv_slot_valid(s[i], now));
	/* exactly on a slot: that slot is gone */
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-11-27", "14:15", &now, NULL), 0);
	n = slots(HEL, 2026, 11, 27, now, s);
	ck_assert_int_eq(n, 96 - 58);
	ck_assert_int_eq(s[0], now + 900);
	/* 23:50: nothing left today, tomorrow is whole */
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-11-27", "23:50", &now, NULL), 0);
	ck_assert_int_eq(slots(HEL, 2026, 11, 27, now, s), 0);
	ck_assert_int_eq(slots(HEL, 2026, 11, 28, now, s), 96);
	/* a past day */
	ck_assert_int_eq(slots(HEL, 2026, 11, 26, now, s), 0);
	/* in the repeated hour: 03:20 EET (the second reading), 03:30 EET next */
	now = utc("2026-10-25T01:20:00Z");
	n = slots(HEL, 2026, 10, 25, now, s);
	ck_assert_int_eq(s[0], utc("2026-10-25T01:30:00Z"));
	ck_assert_int_eq(n, 100 - 18);
}
END_TEST

START_TEST(slots_refused)
{
	int64_t s[VV_SLOTS_DAY_MAX];
	struct vv_date ok = { 2026, 11, 27 }, bad = { 2026, 2, 29 };
	ck_assert_int_eq(vv_slots_for_day(HEL, bad, 0, s, VV_SLOTS_DAY_MAX), VV_INVALID);
	ck_assert_int_eq(vv_slots_for_day("Nowhere/Atall", ok, 0, s, VV_SLOTS_DAY_MAX), VV_INVALID);
	ck_assert_int_eq(vv_slots_for_day(NULL, ok, 0, s, VV_SLOTS_DAY_MAX), VV_INVALID);
	ck_assert_int_eq(vv_slots_for_day(HEL, ok, 0, NULL, VV_SLOTS_DAY_MAX), VV_INVALID);
	ck_assert_int_eq(vv_slots_for_day(HEL, ok, 0, s, 95), VV_INVALID);
	ck_assert_int_eq(vv_slots_for_day(HEL, ok, 0, s, 96), 96);
	ck_assert_int_eq(vv_slots_for_day(HEL, ok, 0, s, -1), VV_INVALID);
	/* a past day needs no room at all */
	ck_assert_int_eq(vv_slots_for_day(HEL, ok, utc("2027-01-01T00:00:00Z"), NULL, 0), 0);
	/* offsets off the 15-minute grid: Helsinki mean time, Madras time */
	struct vv_date hmt = { 1920, 6, 1 }, mmt = { 1900, 6, 1 };
	ck_assert_int_eq(vv_slots_for_day(HEL, hmt, 0, s, VV_SLOTS_DAY_MAX), VV_INVALID);
	ck_assert_int_eq(vv_slots_for_day("Asia/Kolkata", mmt, 0, s, VV_SLOTS_DAY_MAX), VV_INVALID);
}
END_TEST

/* --- form fields --- */

START_TEST(parse_dates)
{
	struct vv_date d = { 0, 0, 0 };
	ck_assert_int_eq(vv_time_parse_date("2026-11-27", &d), 0);
	ck_assert(d.y == 2026 && d.m == 11 && d.d == 27);
	ck_assert_int_eq(vv_time_parse_date("27.11.2026", &d), 0);
	ck_assert(d.y == 2026 && d.m == 11 && d.d == 27);
	ck_assert_int_eq(vv_time_parse_date("1.3.2026", &d), 0);
	ck_assert(d.y == 2026 && d.m == 3 && d.d == 1);
	ck_assert_int_eq(vv_time_parse_date("01.03.2026", &d), 0);
	ck_assert(d.y == 2026 && d.m == 3 && d.d == 1);
	ck_assert_int_eq(vv_time_parse_date("2028-02-29", &d), 0);
	ck_assert_int_eq(vv_time_parse_date("29.2.2028", &d), 0);
	ck_assert_int_eq(vv_time_parse_date("2000-02-29", &d), 0);

	static const char *const bad[] = {
		"2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"2026-01-00", "2026-1-1x", "2026-1-1", "2026-01-1", "2026-01-011",
		"26-01-01", "02026-01-01", "2026/01/01", "2026-01-01 ", " 2026-01-01",
		"2026-01-01T00:00", "", "0000-01-01", "29.02.2026", "32.1.2026", "1.13.2026",
		"001.1.2026", "1.001.2026", "1.1.26", "1.1.20266", "1.1.2026.", "1..2026",
		".1.2026", "1.1.-2026", "+1.1.2026", "1,1,2026", "2026-01-01\n", "x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vv_date keep = { 7, 7, 7 };
		ck_assert_msg(vv_time_parse_date(bad[i], &keep) == VV_INVALID, "accepted \"%s\"", bad[i]);
		ck_assert(keep.y == 7 && keep.m == 7 && keep.d == 7);
	}
	ck_assert_int_eq(vv_time_parse_date(NULL, &d), VV_INVALID);
	ck_assert_int_eq(vv_time_parse_date("2026-11-27", NULL), VV_INVALID);
}
END_TEST

START_TEST(parse_times)
{
	int h = -1, m = -1;
	ck_assert_int_eq(vv_time_parse_hhmm("12:30", &h, &m), 0);
	ck_assert(h == 12 && m == 30);
	ck_assert_int_eq(vv_time_parse_hhmm("12.30", &h, &m), 0);
	ck_assert(h == 12 && m == 30);
	ck_assert_int_eq(vv_time_parse_hhmm("8.05", &h, &m), 0);
	ck_assert(h == 8 && m == 5);
	ck_assert_int_eq(vv_time_parse_hhmm("08:05", &h, &m), 0);
	ck_assert(h == 8 && m == 5);
	ck_assert_int_eq(vv_time_parse_hhmm("00:00", &h, &m), 0);
	ck_assert(h == 0 && m == 0);
	ck_assert_int_eq(vv_time_parse_hhmm("23:59", &h, &m), 0);
	ck_assert(h == 23 && m == 59);
	ck_assert_int_eq(vv_time_parse_hhmm("12:30:00", &h, &m), 0);
	ck_assert(h == 12 && m == 30);

	static const char *const bad[] = {
		"24:00", "12:60", "12:5", "12:305", "123:00", ":30", "12:", "12", "",
		"12-30", "12 30", " 12:30", "12:30 ", "12:30:01", "12:30:0", "12.30.00",
		"12:30:00:00", "-1:30", "+1:30", "1a:30", "12:3a", "12,30", "12:30Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		h = m = 77;
		ck_assert_msg(vv_time_parse_hhmm(bad[i], &h, &m) == VV_INVALID, "accepted \"%s\"", bad[i]);
		ck_assert(h == 77 && m == 77);
	}
	ck_assert_int_eq(vv_time_parse_hhmm(NULL, &h, &m), VV_INVALID);
	ck_assert_int_eq(vv_time_parse_hhmm("12:30", NULL, &m), VV_INVALID);
	ck_assert_int_eq(vv_time_parse_hhmm("12:30", &h, NULL), VV_INVALID);
}
END_TEST

START_TEST(parse_local)
{
	int64_t t = 0;
	int f = -1;
	ck_assert_int_eq(vv_time_parse_local(HEL, "27.11.2026", "12.30", &t, &f), 0);
	ck_assert_int_eq(t, utc("2026-11-27T10:30:00Z"));
	ck_assert_int_eq(f, 0);
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-10-25", "03:30", &t, &f), 0);
	ck_assert_int_eq(t, utc("2026-10-25T00:30:00Z"));
	ck_assert_int_eq(f, VV_TIME_AMBIGUOUS);
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-03-29", "03:30", &t, &f), VV_INVALID);
	ck_assert_int_eq(f, VV_TIME_NONEXISTENT);
	f = -1;
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-02-29", "12:00", &t, &f), VV_INVALID);
	ck_assert_int_eq(f, 0);
	f = -1;
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-02-28", "25:00", &t, &f), VV_INVALID);
	ck_assert_int_eq(f, 0);
	f = -1;
	ck_assert_int_eq(vv_time_parse_local("Nowhere/Atall", "2026-02-28", "12:00", &t, &f),
			 VV_INVALID);
	ck_assert_int_eq(f, 0);
	ck_assert_int_eq(vv_time_parse_local(HEL, NULL, "12:00", &t, NULL), VV_INVALID);
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-02-28", NULL, &t, NULL), VV_INVALID);
	ck_assert_int_eq(vv_time_parse_local(HEL, "2026-02-28", "12:00", NULL, NULL), VV_INVALID);
}
END_TEST

/* --- living with datetime.c --- */

START_TEST(leaves_tz_as_found)
{
	char b[64];
	int64_t t = utc("2026-11-27T10:30:00Z");
	struct vv_local l;
	int64_t s[VV_SLOTS_DAY_MAX];
	struct vv_date day = { 2026, 11, 27 };

	/* datetime.c remembers that it set Helsinki; our calls in other zones
	 * must not make its next Helsinki time come out in New York's. */
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, HEL, "fi", "time"), 0);
	ck_assert_str_eq(b, "12.30");
	ck_assert_str_eq(getenv("TZ"), HEL);
	ck_assert_int_eq(vv_time_to_local("America/New_York", t, &l), 0);
	ck_assert_int_eq(l.hh, 5);
	ck_assert_int_eq(vv_slots_for_day("Asia/Kathmandu", day, 0, s, VV_SLOTS_DAY_MAX), 96);
	int64_t u;
	ck_assert_int_eq(vv_time_from_local("Europe/Stockholm", 2026, 11, 27, 12, 30, &u, NULL), 0);
	ck_assert_int_eq(vv_time_from_local("Bad/Zone", 2026, 11, 27, 12, 30, &u, NULL), VV_INVALID);
	ck_assert_str_eq(getenv("TZ"), HEL);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, HEL, "fi", "time"), 0);
	ck_assert_str_eq(b, "12.30");
	/* and datetime.c switching zones under us changes nothing here */
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, "America/New_York", "en", "time"), 0);
	ck_assert_int_eq(vv_time_to_local(HEL, t, &l), 0);
	ck_assert_int_eq(l.hh, 12);
	ck_assert_str_eq(getenv("TZ"), "America/New_York");

	/* with no TZ at all, none is left behind */
	unsetenv("TZ");
	tzset();
	ck_assert_int_eq(vv_time_to_local(HEL, t, &l), 0);
	ck_assert_ptr_null(getenv("TZ"));
}
END_TEST

START_TEST(today)
{
	struct vv_date d;
	/* 22:30 UTC on the 27th is already the 28th in Helsinki, not yet in New York */
	int64_t t = utc("2026-11-27T22:30:00Z");
	ck_assert_int_eq(vv_date_today(HEL, t, &d), 0);
	ck_assert(d.y == 2026 && d.m == 11 && d.d == 28);
	ck_assert_int_eq(vv_date_today("America/New_York", t, &d), 0);
	ck_assert(d.y == 2026 && d.m == 11 && d.d == 27);
	ck_assert_int_eq(vv_date_today("Pacific/Kiritimati", utc("2026-12-31T10:00:00Z"), &d), 0);
	ck_assert(d.y == 2027 && d.m == 1 && d.d == 1);
	ck_assert_int_eq(vv_date_today("Nowhere/Atall", t, &d), VV_INVALID);
	ck_assert_int_eq(vv_date_today(HEL, t, NULL), VV_INVALID);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("time");
	TCase *tc = tcase_create("time");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, ordinary_times);
	tcase_add_test(tc, helsinki_spring_forward);
	tcase_add_test(tc, helsinki_fall_back);
	tcase_add_test(tc, refused_wall_times);
	tcase_add_test(tc, to_local_fields);
	tcase_add_test(tc, round_trips);
	tcase_add_test(tc, earliest_slot);
	tcase_add_test(tc, slot_validity);
	tcase_add_test(tc, slots_of_a_day);
	tcase_add_test(tc, slots_today_and_past);
	tcase_add_test(tc, slots_refused);
	tcase_add_test(tc, parse_dates);
	tcase_add_test(tc, parse_times);
	tcase_add_test(tc, parse_local);
	tcase_add_test(tc, leaves_tz_as_found);
	tcase_add_test(tc, today);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
