/* vv_format_datetime and vv_parse_utc: the three languages' formats, the
 * tenant's zone with its DST changes, other zones, and what is refused. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "time/datetime.h"

#define HEL "Europe/Helsinki"

static int64_t utc(const char *s)
{
	int64_t t = 0;
	ck_assert_msg(vv_parse_utc(s, &t) == 0, "cannot parse %s", s);
	return t;
}

/* Formats and compares; a macro so that a failure names the caller's line. */
#define ck_fmt(expect, t, tz, lang, style) do {                                   \
		char b_[96];                                                     \
		ck_assert_int_eq(vv_format_datetime(b_, sizeof(b_), (t), (tz), (lang), (style)), 0); \
		ck_assert_str_eq(b_, (expect));                                  \
	} while (0)

START_TEST(the_three_languages)
{
	int64_t t = utc("2026-11-27T10:30:00Z"); /* winter: Helsinki is UTC+2 */
	ck_fmt("27.11.2026 klo 12.30", t, HEL, "fi", NULL);
	ck_fmt("27.11.2026 kl. 12.30", t, HEL, "sv", NULL);
	ck_fmt("27 Nov 2026, 12:30", t, HEL, "en", NULL);
	ck_fmt("27.11.2026 klo 12.30", t, HEL, "fi", "");
	ck_fmt("27.11.2026 klo 12.30", t, HEL, "fi", "full");
	ck_fmt("27.11.2026", t, HEL, "fi", "date");
	ck_fmt("27.11.2026", t, HEL, "sv", "date");
	ck_fmt("27 Nov 2026", t, HEL, "en", "date");
	ck_fmt("12.30", t, HEL, "fi", "time");
	ck_fmt("12.30", t, HEL, "sv", "time");
	ck_fmt("12:30", t, HEL, "en", "time");
	ck_fmt("perjantai 27.11.2026", t, HEL, "fi", "weekday");
	ck_fmt("fredag 27.11.2026", t, HEL, "sv", "weekday");
	ck_fmt("Friday 27 Nov 2026", t, HEL, "en", "weekday");
	ck_fmt("27.11.2026 klo 12.30 EET", t, HEL, "fi", "zone");
}
END_TEST

START_TEST(no_leading_zeros_in_finnish)
{
	int64_t t = utc("2026-03-01 06:05:00"); /* 8.05 in Helsinki */
	ck_fmt("1.3.2026 klo 8.05", t, HEL, "fi", NULL);
	ck_fmt("1.3.2026 kl. 8.05", t, HEL, "sv", NULL);
	ck_fmt("1 Mar 2026, 08:05", t, HEL, "en", NULL);
	ck_fmt("0.00", utc("2026-03-01 22:00:00"), HEL, "fi", "time");
	/* an end at midnight is the end of the day (issue #17: not 23.00-0.00) */
	ck_fmt("24.00", utc("2026-03-01 22:00:00"), HEL, "fi", "end");
	ck_fmt("24:00", utc("2026-03-01 22:00:00"), HEL, "en", "end");
	ck_fmt("0.05", utc("2026-03-01 22:05:00"), HEL, "fi", "end");
	ck_fmt("8.05", t, HEL, "sv", "end");
}
END_TEST

START_TEST(summer_time)
{
	int64_t t = utc("2026-07-15T09:00:00Z"); /* summer: UTC+3 */
	ck_fmt("15.7.2026 klo 12.00", t, HEL, "fi", NULL);
	ck_fmt("15 Jul 2026, 12:00", t, HEL, "en", NULL);
	ck_fmt("15.7.2026 klo 12.00 EEST", t, HEL, "fi", "zone");
}
END_TEST

START_TEST(dst_starts_2026_03_29)
{
	/* At 01:00 UTC Helsinki's clocks jump from 3.00 to 4.00. */
	ck_fmt("29.3.2026 klo 2.59 EET", utc("2026-03-29T00:59:00Z"), HEL, "fi", "zone");
	ck_fmt("29.3.2026 klo 4.00 EEST", utc("2026-03-29T01:00:00Z"), HEL, "fi", "zone");
	ck_fmt("29 Mar 2026, 04:15", utc("2026-03-29T01:15:00Z"), HEL, "en", NULL);
	ck_fmt("28.3.2026 klo 14.00", utc("2026-03-28T12:00:00Z"), HEL, "fi", NULL);
	ck_fmt("29.3.2026 klo 15.00", utc("2026-03-29T12:00:00Z"), HEL, "fi", NULL);
}
END_TEST

START_TEST(dst_ends_2026_10_25)
{
	/* At 01:00 UTC clocks fall back from 4.00 to 3.00: 3.30 happens twice,
	 * and only the zone tells the two apart. */
	ck_fmt("25.10.2026 klo 3.30 EEST", utc("2026-10-25T00:30:00Z"), HEL, "fi", "zone");
	ck_fmt("25.10.2026 klo 3.30 EET", utc("2026-10-25T01:30:00Z"), HEL, "fi", "zone");
	ck_fmt("24.10.2026 kl. 15.00", utc("2026-10-24T12:00:00Z"), HEL, "sv", NULL);
	ck_fmt("25.10.2026 kl. 14.00", utc("2026-10-25T12:00:00Z"), HEL, "sv", NULL);
}
END_TEST

START_TEST(other_zones_and_switching)
{
	int64_t t = utc("2026-11-27T10:30:00Z");
	ck_fmt("27 Nov 2026, 05:30", t, "America/New_York", "en", NULL);
	ck_fmt("27.11.2026 klo 16.00", t, "Asia/Kolkata", "fi", NULL);
	ck_fmt("27.11.2026 kl. 11.30", t, "Europe/Stockholm", "sv", NULL);
	ck_fmt("27.11.2026 klo 10.30", t, "UTC", "fi", NULL);
	/* the zone cache follows every change, back and forth */
	ck_fmt("12.30", t, HEL, "fi", "time");
	ck_fmt("05:30", t, "America/New_York", "en", "time");
	ck_fmt("12.30", t, HEL, "fi", "time");
	/* a date line: 23.30 UTC is already the next day in Helsinki */
	ck_fmt("1.1.2027", utc("2026-12-31T23:30:00Z"), HEL, "fi", "date");
	ck_fmt("31 Dec 2026", utc("2026-12-31T23:30:00Z"), "America/New_York", "en", "date");
}
END_TEST

START_TEST(refusals)
{
	char b[96];
	int64_t t = utc("2026-11-27T10:30:00Z");
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, "Mars/Olympus_Mons", "fi", NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, "../../etc/passwd", "fi", NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, "/etc/localtime", "fi", NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, "EST5EDT,M3.2.0,M11.1.0", "fi", NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, "", "fi", NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, NULL, "fi", NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, HEL, "de", NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, HEL, NULL, NULL), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), t, HEL, "fi", "month"), VV_INVALID);
	ck_assert_int_eq(vv_format_datetime(b, 8, t, HEL, "fi", NULL), VV_INVALID);
	ck_assert_str_eq(b, ""); /* never a cut-off date */
	ck_assert_int_eq(vv_format_datetime(b, sizeof(b), INT64_MAX, HEL, "fi", NULL), VV_INVALID);
	/* a refused zone leaves the previous one working */
	ck_fmt("27.11.2026 klo 12.30", t, HEL, "fi", NULL);
}
END_TEST

START_TEST(parse_utc)
{
	int64_t t;
	ck_assert_int_eq(vv_parse_utc("1970-01-01T00:00:00Z", &t), 0);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(vv_parse_utc("2026-11-27T10:30:00Z", &t), 0);
	ck_assert_int_eq(t, 1795775400);
	ck_assert_int_eq(vv_parse_utc("2026-11-27 10:30:00", &t), 0);
	ck_assert_int_eq(t, 1795775400);
	ck_assert_int_eq(vv_parse_utc("2026-11-27 10:30", &t), 0);
	ck_assert_int_eq(t, 1795775400);
	ck_assert_int_eq(vv_parse_utc("2026-11-27 10:30:00Z", &t), 0);
	ck_assert_int_eq(vv_parse_utc("2028-02-29T12:00:00Z", &t), 0);

	static const char *const bad[] = {
		"", "2026-11-27", "2026-11-27T10:30:00", "2026-11-27T10:30:00+02:00",
		"2026-02-29 12:00:00", "2026-13-01 00:00:00", "2026-00-10 00:00:00",
		"2026-11-31 00:00:00", "2026-11-27 24:00:00", "2026-11-27 10:60:00",
		"2026-11-27 10:30:60", "2026-11-27 10:30:00 ", "2026-11-27x10:30:00",
		"26-11-27 10:30:00", "2026-1-27 10:30:00", "2026-11-27 10:30:0",
		"0000-01-01 00:00:00", "2026-11-27 10:30:00.5",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(vv_parse_utc(bad[i], &t) == VV_INVALID, "accepted \"%s\"", bad[i]);
	ck_assert_int_eq(vv_parse_utc(NULL, &t), VV_INVALID);
}
END_TEST

static Suite *datetime_suite(void)
{
	Suite *s = suite_create("datetime");
	TCase *tc = tcase_create("datetime");
	tcase_add_test(tc, the_three_languages);
	tcase_add_test(tc, no_leading_zeros_in_finnish);
	tcase_add_test(tc, summer_time);
	tcase_add_test(tc, dst_starts_2026_03_29);
	tcase_add_test(tc, dst_ends_2026_10_25);
	tcase_add_test(tc, other_zones_and_switching);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, parse_utc);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(datetime_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
