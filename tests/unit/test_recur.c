/* vv/time.h, the calendar side: civil date arithmetic and on which days a
 * recording shows (R-RE-1, R-RE-2) for each kind of repeat. */
#include <check.h>
#include <string.h>
#include <time.h>
#include "core.h"

static struct vv_date D(int y, int m, int d)
{
	struct vv_date x = { y, m, d };
	return x;
}

static bool same(struct vv_date a, struct vv_date b)
{
	return a.y == b.y && a.m == b.m && a.d == b.d;
}

#define ck_date(got, Y_, M_, D_) do {                                             \
		struct vv_date g_ = (got);                                       \
		ck_assert_msg(same(g_, D((Y_), (M_), (D_))), "got %d-%d-%d, want %d-%d-%d", \
			      g_.y, g_.m, g_.d, (Y_), (M_), (D_));               \
	} while (0)

/* The days vv_repeat_days lists in [from, to] must be exactly want[]. */
static void expect_days(enum vv_repeat rep, struct vv_date start, struct vv_date until,
			struct vv_date from, struct vv_date to, const struct vv_date *want, int nwant)
{
	struct vv_date got[400];
	int n = vv_repeat_days(rep, start, until, from, to, got, 400);
	ck_assert_msg(n == nwant, "%s from %d-%d-%d: %d days, want %d", vv_repeat_name(rep),
		      start.y, start.m, start.d, n, nwant);
	for (int i = 0; i < n; i++) {
		ck_assert_msg(same(got[i], want[i]), "%s day %d: got %d-%d-%d, want %d-%d-%d",
			      vv_repeat_name(rep), i, got[i].y, got[i].m, got[i].d, want[i].y,
			      want[i].m, want[i].d);
		ck_assert(vv_repeat_on(rep, start, until, got[i]));
	}
}

#define EXPECT(rep, start, until, from, to, ...) do {                             \
		const struct vv_date w_[] = { __VA_ARGS__ };                     \
		expect_days((rep), (start), (until), (from), (to), w_,           \
			    (int)(sizeof(w_) / sizeof(w_[0])));                  \
	} while (0)

#define EXPECT_NONE(rep, start, until, from, to) do {                             \
		struct vv_date g_[4];                                            \
		ck_assert_int_eq(vv_repeat_days((rep), (start), (until), (from), (to), g_, 4), 0); \
	} while (0)

/* --- civil dates --- */

START_TEST(civil_matches_gmtime)
{
	/* every day from 1900 to 2100 against the C library's UTC calendar */
	struct vv_date d = D(1900, 1, 1);
	struct tm tm = { .tm_year = 0, .tm_mon = 0, .tm_mday = 1 };
	time_t t = timegm(&tm);
	for (int i = 0; i < 73415; i++, t += 86400) {
		struct tm g;
		ck_assert_ptr_nonnull(gmtime_r(&t, &g));
		ck_date(vv_date_add_days(D(1900, 1, 1), i), g.tm_year + 1900, g.tm_mon + 1, g.tm_mday);
		ck_date(d, g.tm_year + 1900, g.tm_mon + 1, g.tm_mday);
		ck_assert(vv_date_valid(d));
		ck_assert_int_eq(vv_date_wday(d), g.tm_wday);
		ck_assert_int_eq(vv_date_diff(D(1900, 1, 1), d), i);
		struct vv_date next = vv_date_add_days(d, 1);
		ck_assert_int_lt(vv_date_cmp(d, next), 0);
		ck_assert_int_gt(vv_date_cmp(next, d), 0);
		ck_date(vv_date_add_days(next, -1), d.y, d.m, d.d);
		d = next;
	}
}
END_TEST

START_TEST(civil_edges)
{
	ck_assert_int_eq(vv_date_wday(D(2026, 11, 27)), 5); /* Friday */
	ck_assert_int_eq(vv_date_wday(D(2000, 1, 1)), 6);
	ck_assert_int_eq(vv_date_wday(D(1, 1, 1)), 1);
	ck_assert_int_eq(vv_date_wday(D(9999, 12, 31)), 5);
	ck_assert_int_eq(vv_date_wday(D(1970, 1, 1)), 4);
	ck_date(vv_date_add_days(D(2028, 2, 28), 1), 2028, 2, 29);
	ck_date(vv_date_add_days(D(2027, 2, 28), 1), 2027, 3, 1);
	ck_date(vv_date_add_days(D(2100, 2, 28), 1), 2100, 3, 1);
	ck_date(vv_date_add_days(D(2000, 2, 28), 1), 2000, 2, 29);
	ck_date(vv_date_add_days(D(2026, 12, 31), 1), 2027, 1, 1);
	ck_date(vv_date_add_days(D(2027, 1, 1), -1), 2026, 12, 31);
	ck_date(vv_date_add_days(D(2026, 1, 1), 365), 2027, 1, 1);
	ck_date(vv_date_add_days(D(2028, 1, 1), 366), 2029, 1, 1);
	ck_date(vv_date_add_days(D(1, 1, 1), 0), 1, 1, 1);
	ck_date(vv_date_add_days(D(1, 1, 2), -1), 1, 1, 1);
	ck_date(vv_date_add_days(D(9999, 12, 30), 1), 9999, 12, 31);
	ck_date(vv_date_add_days(D(1, 1, 1), 3652058), 9999, 12, 31);
	ck_assert_int_eq(vv_date_diff(D(1, 1, 1), D(9999, 12, 31)), 3652058);
	ck_assert_int_eq(vv_date_diff(D(2026, 3, 1), D(2026, 2, 1)), -28);
	ck_assert_int_eq(vv_date_cmp(D(2026, 3, 1), D(2026, 3, 1)), 0);
	ck_assert_int_lt(vv_date_cmp(D(2025, 12, 31), D(2026, 1, 1)), 0);
	ck_assert_int_lt(vv_date_cmp(D(2026, 1, 31), D(2026, 2, 1)), 0);

	ck_assert_int_eq(vv_date_days_in_month(2026, 2), 28);
	ck_assert_int_eq(vv_date_days_in_month(2028, 2), 29);
	ck_assert_int_eq(vv_date_days_in_month(1900, 2), 28);
	ck_assert_int_eq(vv_date_days_in_month(2000, 2), 29);
	ck_assert_int_eq(vv_date_days_in_month(2026, 4), 30);
	ck_assert_int_eq(vv_date_days_in_month(2026, 12), 31);
	ck_assert_int_eq(vv_date_days_in_month(2026, 0), 0);
	ck_assert_int_eq(vv_date_days_in_month(2026, 13), 0);

	ck_assert(vv_date_valid(D(2028, 2, 29)));
	ck_assert(!vv_date_valid(D(2026, 2, 29)));
	ck_assert(!vv_date_valid(D(2026, 4, 31)));
	ck_assert(!vv_date_valid(D(2026, 0, 1)));
	ck_assert(!vv_date_valid(D(2026, 13, 1)));
	ck_assert(!vv_date_valid(D(2026, 1, 0)));
	ck_assert(!vv_date_valid(D(0, 1, 1)));
	ck_assert(!vv_date_valid(D(10000, 1, 1)));
	ck_assert(!vv_date_valid(D(-1, 1, 1)));
}
END_TEST

/* --- names --- */

START_TEST(repeat_names)
{
	static const char *const names[] = { "once", "daily", "weekdays", "weekly", "biweekly", "monthly" };
	for (int i = 0; i < 6; i++) {
		enum vv_repeat r = VV_REPEAT_ONCE;
		ck_assert_int_eq(vv_repeat_parse(names[i], &r), 0);
		ck_assert_int_eq(r, i);
		ck_assert_str_eq(vv_repeat_name(r), names[i]);
	}
	ck_assert_int_eq(VV_REPEAT_ONCE, 0);
	ck_assert_int_eq(VV_REPEAT_MONTHLY, 5);
	enum vv_repeat r = VV_REPEAT_WEEKLY;
	static const char *const bad[] = { "", "Once", "DAILY", "weekly ", "yearly", "kerran", "week" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(vv_repeat_parse(bad[i], &r), VV_INVALID);
		ck_assert_int_eq(r, VV_REPEAT_WEEKLY);
	}
	ck_assert_int_eq(vv_repeat_parse(NULL, &r), VV_INVALID);
	ck_assert_int_eq(vv_repeat_parse("daily", NULL), VV_INVALID);
	ck_assert_ptr_null(vv_repeat_name((enum vv_repeat)6));
	ck_assert_ptr_null(vv_repeat_name((enum vv_repeat)-1));
}
END_TEST

/* --- each kind over two months: 2026-03-01 is a Sunday --- */

static const struct vv_date MAR1 = { 2026, 3, 1 }, APR30 = { 2026, 4, 30 };

START_TEST(once)
{
	EXPECT(VV_REPEAT_ONCE, D(2026, 3, 10), D(2026, 4, 30), MAR1, APR30, D(2026, 3, 10));
	/* until is ignored, even before start or invalid */
	EXPECT(VV_REPEAT_ONCE, D(2026, 3, 10), D(2026, 1, 1), MAR1, APR30, D(2026, 3, 10));
	EXPECT(VV_REPEAT_ONCE, D(2026, 3, 10), D(0, 0, 0), MAR1, APR30, D(2026, 3, 10));
	ck_assert(!vv_repeat_on(VV_REPEAT_ONCE, D(2026, 3, 10), D(2026, 4, 30), D(2026, 3, 11)));
	ck_assert(!vv_repeat_on(VV_REPEAT_ONCE, D(2026, 3, 10), D(2026, 4, 30), D(2026, 3, 9)));
	ck_assert(!vv_repeat_on(VV_REPEAT_ONCE, D(2026, 3, 10), D(2026, 4, 30), D(2026, 4, 10)));
	EXPECT_NONE(VV_REPEAT_ONCE, D(2026, 3, 10), D(2026, 4, 30), D(2026, 3, 11), APR30);
}
END_TEST

START_TEST(daily)
{
	EXPECT(VV_REPEAT_DAILY, D(2026, 3, 29), D(2026, 4, 3), MAR1, APR30, D(2026, 3, 29),
	       D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 2), D(2026, 4, 3));
	/* a long one: every day of the two months, none outside */
	struct vv_date got[61];
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, D(2026, 1, 1), D(2026, 12, 31), MAR1, APR30,
					got, 61), 61);
	ck_date(got[0], 2026, 3, 1);
	ck_date(got[60], 2026, 4, 30);
	ck_assert(!vv_repeat_on(VV_REPEAT_DAILY, D(2026, 3, 29), D(2026, 4, 3), D(2026, 3, 28)));
	ck_assert(!vv_repeat_on(VV_REPEAT_DAILY, D(2026, 3, 29), D(2026, 4, 3), D(2026, 4, 4)));
}
END_TEST

START_TEST(weekdays)
{
	/* from Friday 13.3: the weekend is skipped */
	EXPECT(VV_REPEAT_WEEKDAYS, D(2026, 3, 13), D(2026, 3, 24), MAR1, APR30, D(2026, 3, 13),
	       D(2026, 3, 16), D(2026, 3, 17), D(2026, 3, 18), D(2026, 3, 19), D(2026, 3, 20),
	       D(2026, 3, 23), D(2026, 3, 24));
	/* started on a Saturday: that day shows (R-RE-2), then Monday to Friday */
	EXPECT(VV_REPEAT_WEEKDAYS, D(2026, 3, 14), D(2026, 3, 22), MAR1, APR30, D(2026, 3, 14),
	       D(2026, 3, 16), D(2026, 3, 17), D(2026, 3, 18), D(2026, 3, 19), D(2026, 3, 20));
	/* over two months: 44 weekdays in March and April 2026 */
	struct vv_date got[61];
	int n = vv_repeat_days(VV_REPEAT_WEEKDAYS, D(2026, 3, 2), APR30, MAR1, APR30, got, 61);
	ck_assert_int_eq(n, 44);
	for (int i = 0; i < n; i++) {
		int wd = vv_date_wday(got[i]);
		ck_assert(wd >= 1 && wd <= 5);
	}
}
END_TEST

START_TEST(weekly)
{
	EXPECT(VV_REPEAT_WEEKLY, D(2026, 3, 4), APR30, MAR1, APR30, D(2026, 3, 4), D(2026, 3, 11),
	       D(2026, 3, 18), D(2026, 3, 25), D(2026, 4, 1), D(2026, 4, 8), D(2026, 4, 15),
	       D(2026, 4, 22), D(2026, 4, 29));
	/* until on a non-matching day; across the new year */
	EXPECT(VV_REPEAT_WEEKLY, D(2026, 12, 24), D(2027, 1, 13), D(2026, 12, 1), D(2027, 1, 31),
	       D(2026, 12, 24), D(2026, 12, 31), D(2027, 1, 7));
	/* until exactly on a matching day is included */
	EXPECT(VV_REPEAT_WEEKLY, D(2026, 3, 4), D(2026, 3, 18), MAR1, APR30, D(2026, 3, 4),
	       D(2026, 3, 11), D(2026, 3, 18));
}
END_TEST

START_TEST(biweekly)
{
	EXPECT(VV_REPEAT_BIWEEKLY, D(2026, 3, 4), APR30, MAR1, APR30, D(2026, 3, 4), D(2026, 3, 18),
	       D(2026, 4, 1), D(2026, 4, 15), D(2026, 4, 29));
	/* parity: the weeks in between never show */
	for (int k = 1; k < 8; k += 2)
		ck_assert(!vv_repeat_on(VV_REPEAT_BIWEEKLY, D(2026, 3, 4), APR30,
					vv_date_add_days(D(2026, 3, 4), 7 * k)));
	/* asking from mid-way keeps the start's parity */
	EXPECT(VV_REPEAT_BIWEEKLY, D(2026, 3, 4), APR30, D(2026, 3, 19), D(2026, 4, 14),
	       D(2026, 4, 1));
	/* across a year boundary and February */
	EXPECT(VV_REPEAT_BIWEEKLY, D(2027, 12, 29), D(2028, 3, 31), D(2027, 12, 1), D(2028, 3, 31),
	       D(2027, 12, 29), D(2028, 1, 12), D(2028, 1, 26), D(2028, 2, 9), D(2028, 2, 23),
	       D(2028, 3, 8), D(2028, 3, 22));
}
END_TEST

START_TEST(monthly)
{
	/* the 15th: plain */
	EXPECT(VV_REPEAT_MONTHLY, D(2026, 1, 15), D(2026, 4, 30), D(2026, 1, 1), APR30,
	       D(2026, 1, 15), D(2026, 2, 15), D(2026, 3, 15), D(2026, 4, 15));
	/* the 31st: the last day of shorter months */
	EXPECT(VV_REPEAT_MONTHLY, D(2026, 1, 31), D(2026, 12, 31), D(2026, 1, 1), D(2026, 12, 31),
	       D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31),
	       D(2026, 6, 30), D(2026, 7, 31), D(2026, 8, 31), D(2026, 9, 30), D(2026, 10, 31),
	       D(2026, 11, 30), D(2026, 12, 31));
	/* ... and Feb 29 in a leap year */
	EXPECT(VV_REPEAT_MONTHLY, D(2028, 1, 31), D(2028, 4, 30), D(2028, 1, 1), D(2028, 4, 30),
	       D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31), D(2028, 4, 30));
	/* the 30th: Feb 28, then the 30th again */
	EXPECT(VV_REPEAT_MONTHLY, D(2027, 1, 30), D(2027, 3, 31), D(2027, 1, 1), D(2027, 3, 31),
	       D(2027, 1, 30), D(2027, 2, 28), D(2027, 3, 30));
	/* Feb 29 2028: the 29th of each month, Feb 28 in 2029 */
	EXPECT(VV_REPEAT_MONTHLY, D(2028, 2, 29), D(2029, 3, 31), D(2028, 1, 1), D(2029, 12, 31),
	       D(2028, 2, 29), D(2028, 3, 29), D(2028, 4, 29), D(2028, 5, 29), D(2028, 6, 29),
	       D(2028, 7, 29), D(2028, 8, 29), D(2028, 9, 29), D(2028, 10, 29), D(2028, 11, 29),
	       D(2028, 12, 29), D(2029, 1, 29), D(2029, 2, 28), D(2029, 3, 29));
	/* the last day of a short month is not mistaken for the 31st elsewhere */
	ck_assert(!vv_repeat_on(VV_REPEAT_MONTHLY, D(2026, 1, 31), D(2026, 12, 31), D(2026, 3, 30)));
	ck_assert(!vv_repeat_on(VV_REPEAT_MONTHLY, D(2026, 1, 28), D(2026, 12, 31), D(2026, 3, 31)));
	ck_assert(vv_repeat_on(VV_REPEAT_MONTHLY, D(2026, 1, 28), D(2026, 12, 31), D(2026, 2, 28)));
}
END_TEST

START_TEST(until_and_start)
{
	static const enum vv_repeat reps[] = { VV_REPEAT_DAILY, VV_REPEAT_WEEKDAYS, VV_REPEAT_WEEKLY,
					       VV_REPEAT_BIWEEKLY, VV_REPEAT_MONTHLY };
	for (size_t i = 0; i < sizeof(reps) / sizeof(reps[0]); i++) {
		/* until before start: nothing at all, not even the start day */
		EXPECT_NONE(reps[i], D(2026, 3, 10), D(2026, 3, 9), MAR1, APR30);
		ck_assert(!vv_repeat_on(reps[i], D(2026, 3, 10), D(2026, 3, 9), D(2026, 3, 10)));
		/* until on start: the start day only */
		EXPECT(reps[i], D(2026, 3, 10), D(2026, 3, 10), MAR1, APR30, D(2026, 3, 10));
		/* never before start, whatever the pattern */
		ck_assert(!vv_repeat_on(reps[i], D(2026, 3, 10), APR30, D(2026, 3, 3)));
		ck_assert(!vv_repeat_on(reps[i], D(2026, 3, 10), APR30, D(2026, 2, 10)));
		/* an invalid until is refused for a repeat */
		ck_assert(!vv_repeat_on(reps[i], D(2026, 3, 10), D(2026, 2, 30), D(2026, 3, 10)));
		struct vv_date g[4];
		ck_assert_int_eq(vv_repeat_days(reps[i], D(2026, 3, 10), D(2026, 2, 30), MAR1, APR30,
						g, 4), VV_INVALID);
	}
}
END_TEST

START_TEST(refusals)
{
	struct vv_date g[8];
	ck_assert(!vv_repeat_on(VV_REPEAT_DAILY, D(2026, 2, 29), APR30, D(2026, 3, 10)));
	ck_assert(!vv_repeat_on(VV_REPEAT_DAILY, MAR1, APR30, D(2026, 4, 31)));
	ck_assert(!vv_repeat_on((enum vv_repeat)9, MAR1, APR30, D(2026, 3, 10)));
	ck_assert_int_eq(vv_repeat_days((enum vv_repeat)9, MAR1, APR30, MAR1, APR30, g, 8), VV_INVALID);
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, D(2026, 2, 29), APR30, MAR1, APR30, g, 8),
			 VV_INVALID);
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, MAR1, APR30, D(2026, 2, 29), APR30, g, 8),
			 VV_INVALID);
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, MAR1, APR30, MAR1, D(2026, 4, 31), g, 8),
			 VV_INVALID);
	/* more days than room */
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, MAR1, APR30, MAR1, APR30, g, 8), VV_INVALID);
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, MAR1, APR30, MAR1, D(2026, 3, 8), g, 8), 8);
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, MAR1, APR30, MAR1, APR30, NULL, 8), VV_INVALID);
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, MAR1, APR30, MAR1, APR30, g, -1), VV_INVALID);
	/* to before from: an empty range */
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_DAILY, MAR1, APR30, APR30, MAR1, g, 8), 0);
	/* no room needed when nothing matches */
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_ONCE, MAR1, APR30, D(2026, 3, 2), APR30, NULL, 0), 0);
	/* a wide range stays cheap and exact */
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_ONCE, MAR1, APR30, D(1, 1, 1), D(9999, 12, 31), g, 1),
			 1);
	ck_assert_int_eq(vv_repeat_days(VV_REPEAT_WEEKLY, MAR1, D(2026, 3, 31), D(1, 1, 1),
					D(9999, 12, 31), g, 8), 5);
}
END_TEST

START_TEST(calendar_week)
{
	/* the calendar's view: today and six days on */
	struct vv_date today = D(2026, 3, 26), end = vv_date_add_days(today, 6), g[7];
	ck_date(end, 2026, 4, 1);
	int n = vv_repeat_days(VV_REPEAT_WEEKDAYS, D(2026, 3, 2), D(2026, 12, 31), today, end, g, 7);
	ck_assert_int_eq(n, 5); /* Thu, Fri, Mon, Tue, Wed */
	ck_date(g[0], 2026, 3, 26);
	ck_date(g[1], 2026, 3, 27);
	ck_date(g[2], 2026, 3, 30);
	ck_date(g[4], 2026, 4, 1);
	n = vv_repeat_days(VV_REPEAT_MONTHLY, D(2026, 1, 31), D(2026, 12, 31), today, end, g, 7);
	ck_assert_int_eq(n, 1);
	ck_date(g[0], 2026, 3, 31);
}
END_TEST

/* Against a second formulation: monthly as "month k after start, day
 * clamped", weekly kinds as start + k steps, for every start over four
 * months around Feb 2028 and a 120-day window. */
START_TEST(against_oracle)
{
	struct vv_date until = D(2028, 6, 30), from = D(2027, 12, 15), to = D(2028, 4, 12);
	for (struct vv_date s = D(2027, 11, 1); vv_date_cmp(s, D(2028, 3, 1)) <= 0;
	     s = vv_date_add_days(s, 1)) {
		static const enum vv_repeat reps[] = { VV_REPEAT_DAILY, VV_REPEAT_WEEKDAYS,
						       VV_REPEAT_WEEKLY, VV_REPEAT_BIWEEKLY,
						       VV_REPEAT_MONTHLY };
		for (size_t r = 0; r < sizeof(reps) / sizeof(reps[0]); r++) {
			struct vv_date want[200], got[200];
			int nw = 0;
			if (reps[r] == VV_REPEAT_MONTHLY) {
				for (int k = 0; k < 12; k++) {
					int y = s.y + (s.m - 1 + k) / 12, m = (s.m - 1 + k) % 12 + 1;
					int dim = vv_date_days_in_month(y, m);
					struct vv_date x = D(y, m, s.d < dim ? s.d : dim);
					if (vv_date_cmp(x, from) >= 0 && vv_date_cmp(x, to) <= 0 &&
					    vv_date_cmp(x, until) <= 0)
						want[nw++] = x;
				}
			} else {
				int step = reps[r] == VV_REPEAT_WEEKLY ? 7 :
					   reps[r] == VV_REPEAT_BIWEEKLY ? 14 : 1;
				for (struct vv_date x = s; vv_date_cmp(x, to) <= 0;
				     x = vv_date_add_days(x, step)) {
					int wd = vv_date_wday(x);
					if (reps[r] == VV_REPEAT_WEEKDAYS && !same(x, s) &&
					    (wd == 0 || wd == 6))
						continue;
					if (vv_date_cmp(x, from) >= 0)
						want[nw++] = x;
				}
			}
			int n = vv_repeat_days(reps[r], s, until, from, to, got, 200);
			ck_assert_msg(n == nw, "%s from %d-%d-%d: %d, want %d", vv_repeat_name(reps[r]),
				      s.y, s.m, s.d, n, nw);
			for (int i = 0; i < n; i++)
				ck_assert(same(got[i], want[i]));
		}
	}
}
END_TEST

/* --- weekly series of events (vv_weekly_days) --- */

#define MON (1u << 1)
#define TUE (1u << 2)
#define WED (1u << 3)
#define SUN (1u << 0)

START_TEST(weekly_series)
{
	struct vv_date got[120];
	/* Monday and Wednesday, 6 times from Monday 2027-02-01. */
	struct vv_weekly w = {.start = D(2027, 2, 1), .wdays = MON | WED, .every = 1, .count = 6};
	ck_assert_int_eq(vv_weekly_days(&w, got, 120), 6);
	ck_date(got[0], 2027, 2, 1);
	ck_date(got[1], 2027, 2, 3);
	ck_date(got[5], 2027, 2, 17);
	/* Started on a Thursday: the first Monday is the next week's. */
	w.start = D(2027, 2, 4);
	ck_assert_int_eq(vv_weekly_days(&w, got, 120), 6);
	ck_date(got[0], 2027, 2, 8);
	/* Every 2 weeks on Tuesday until 2027-05-31, 20.4. left out: it still
	 * counts as a day of the rule, as RFC 5545's EXDATE. */
	struct vv_date skip[] = {D(2027, 4, 20)};
	w = (struct vv_weekly){.start = D(2027, 4, 6), .until = D(2027, 5, 31), .wdays = TUE, .every = 2,
			       .skip = skip, .nskip = 1};
	ck_assert_int_eq(vv_weekly_days(&w, got, 120), 3);
	ck_date(got[0], 2027, 4, 6);
	ck_date(got[1], 2027, 5, 4);
	ck_date(got[2], 2027, 5, 18);
	ck_assert(vv_weekly_on(&w, D(2027, 4, 20)));
	ck_assert(!vv_weekly_on(&w, D(2027, 4, 13)));
	w.until = (struct vv_date){0};
	w.count = 3;
	ck_assert_int_eq(vv_weekly_days(&w, got, 120), 2); /* 6.4., (20.4.), 4.5. */
	/* Every 2 weeks on Sunday and Monday from a Sunday: weeks run Monday
	 * to Sunday, so the start's Sunday and the Monday after are in
	 * different weeks, and that Monday's week is skipped. */
	w = (struct vv_weekly){.start = D(2027, 3, 7), .wdays = SUN | MON, .every = 2, .count = 3};
	ck_assert_int_eq(vv_weekly_days(&w, got, 120), 3);
	ck_date(got[0], 2027, 3, 7);
	ck_date(got[1], 2027, 3, 15);
	ck_date(got[2], 2027, 3, 21);
	/* Across a year's end. */
	w = (struct vv_weekly){.start = D(2027, 12, 27), .wdays = MON, .every = 1, .count = 2};
	ck_assert_int_eq(vv_weekly_days(&w, got, 120), 2);
	ck_date(got[1], 2028, 1, 3);
}
END_TEST

START_TEST(weekly_refusals)
{
	struct vv_date got[10];
	struct vv_weekly w = {.start = D(2027, 2, 1), .wdays = 0, .every = 1, .count = 3};
	ck_assert_int_eq(vv_weekly_days(&w, got, 10), VV_INVALID); /* no weekday */
	w.wdays = MON;
	w.every = 0;
	ck_assert_int_eq(vv_weekly_days(&w, got, 10), VV_INVALID);
	w.every = 1;
	w.count = 11;
	ck_assert_int_eq(vv_weekly_days(&w, got, 10), VV_INVALID); /* more than max */
	w.count = 0;
	w.until = D(2027, 1, 31);
	ck_assert_int_eq(vv_weekly_days(&w, got, 10), VV_INVALID); /* until before start */
	w.until = D(2027, 2, 30);
	ck_assert_int_eq(vv_weekly_days(&w, got, 10), VV_INVALID);
	w.until = D(2027, 2, 1);
	ck_assert_int_eq(vv_weekly_days(&w, got, 10), 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("recur");
	TCase *tc = tcase_create("recur");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, civil_matches_gmtime);
	tcase_add_test(tc, civil_edges);
	tcase_add_test(tc, repeat_names);
	tcase_add_test(tc, once);
	tcase_add_test(tc, daily);
	tcase_add_test(tc, weekdays);
	tcase_add_test(tc, weekly);
	tcase_add_test(tc, biweekly);
	tcase_add_test(tc, monthly);
	tcase_add_test(tc, until_and_start);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, calendar_week);
	tcase_add_test(tc, against_oracle);
	tcase_add_test(tc, weekly_series);
	tcase_add_test(tc, weekly_refusals);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
