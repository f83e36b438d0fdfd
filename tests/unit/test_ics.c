/* vv/ics.h: the calendar text an invitation carries and a feed serves,
 * read back by a real parser (Debian's python3-icalendar, through
 * tests/tools/ics_check.py) as a calendar program would. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core.h"
#include "vv/ics.h"
#include "vv/time.h"

static vv_arena_t *A;

static void setup(void)
{
	A = vv_arena_create();
}

static void teardown(void)
{
	vv_arena_destroy(A);
}

static int64_t at(const char *tz, int y, int m, int d, int hh, int mm)
{
	int64_t t = 0;
	ck_assert_int_eq(vv_time_from_local(tz, y, m, d, hh, mm, &t, NULL), 0);
	return t;
}

/* Writes text to a file, runs the parser on it, returns its output. */
static char *parse(const char *text, size_t len)
{
	char path[] = "/tmp/vv-ics-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "wb");
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
	char *cmd = vv_sprintf(A, "/usr/bin/python3 tests/tools/ics_check.py %s 2>&1", path);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	static char out[8192];
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	unlink(path);
	ck_assert_msg(st == 0, "the parser refused the calendar: %s\n%s", out, text);
	return out;
}

START_TEST(invitation_across_dst)
{
	/* Finland leaves summer time on Sunday 25 October 2026 at 04:00 local
	 * (01:00 UTC): an event on the Saturday before and one on the Monday
	 * after must keep their wall times, 10:00 each. */
	const char *tz = "Europe/Helsinki";
	int64_t sat = at(tz, 2026, 10, 24, 10, 0), mon = at(tz, 2026, 10, 26, 10, 0);
	vv_ics_t *c = vv_ics_begin(A, "REQUEST", tz, sat, mon + 3600, NULL);
	ck_assert_ptr_nonnull(c);
	struct vv_ics_event e = {
		.uid = "0b8e0f2c-1111-4222-8333-944445555666@vvhome.test",
		.sequence = 0, .start = sat, .end = sat + 3600,
		.summary = "Tuolijumppa; kaikki, mukaan\\ nyt", .description = "Rivi 1\nRivi 2",
		.url = "https://vvhome.test/fi/join/p/abc", .organizer = "Esimerkkikunta",
		.organizer_email = "noreply@vvhome.test", .attendee_email = "aino@example.org",
		.stamp = sat - 86400,
	};
	ck_assert_int_eq(vv_ics_event(c, &e), 0);
	e.uid = "second@vvhome.test";
	e.start = mon;
	e.end = mon + 5400;
	e.sequence = 2;
	ck_assert_int_eq(vv_ics_event(c, &e), 0);
	size_t len;
	const char *text = vv_ics_end(c, &len);
	ck_assert_ptr_nonnull(strstr(text, "DTSTART;TZID=Europe/Helsinki:20261024T100000\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "DTSTART;TZID=Europe/Helsinki:20261026T100000\r\n"));
	/* The change inside the span, as the RFC writes it: local time before it. */
	ck_assert_ptr_nonnull(strstr(text, "BEGIN:STANDARD\r\nDTSTART:20261025T040000\r\n"
					   "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\n"));
	char *out = parse(text, len);
	ck_assert_ptr_nonnull(strstr(out, "METHOD REQUEST TZ Europe/Helsinki\n"));
	/* 10:00 EEST is 07:00 UTC, 10:00 EET 08:00 UTC. */
	ck_assert_msg(strstr(out, "EVENT 0b8e0f2c-1111-4222-8333-944445555666@vvhome.test "
				  "2026-10-24T07:00:00Z 2026-10-24T08:00:00Z 0 CONFIRMED "
				  "Tuolijumppa; kaikki, mukaan\\ nyt\n"), "%s", out);
	ck_assert_msg(strstr(out, "EVENT second@vvhome.test 2026-10-26T08:00:00Z "
				  "2026-10-26T09:30:00Z 2 CONFIRMED"), "%s", out);
}
END_TEST

START_TEST(cancellation_and_long_text)
{
	/* A name long enough to fold, with two-byte letters at every fold. */
	char name[400] = "";
	for (int i = 0; i < 60; i++)
		strcat(name, "Ää ");
	const char *tz = "America/New_York";
	int64_t t = at(tz, 2027, 3, 14, 9, 0); /* the day the US springs forward */
	vv_ics_t *c = vv_ics_begin(A, "CANCEL", tz, t, t + 3600, "Kalenteri");
	ck_assert_ptr_nonnull(c);
	struct vv_ics_event e = { .uid = "u@x", .sequence = 3, .start = t, .end = t + 3600,
				  .summary = name, .cancelled = 1, .stamp = t };
	ck_assert_int_eq(vv_ics_event(c, &e), 0);
	size_t len;
	const char *text = vv_ics_end(c, &len);
	char *out = parse(text, len);
	ck_assert_ptr_nonnull(strstr(out, "METHOD CANCEL TZ America/New_York\n"));
	ck_assert_msg(strstr(out, "EVENT u@x 2027-03-14T13:00:00Z 2027-03-14T14:00:00Z 3 CANCELLED "),
		      "%s", out);
	ck_assert_ptr_nonnull(strstr(out, name));
}
END_TEST

/* A feed's recording: an all-day entry on its wall date in the calendar's
 * zone (late evening in Helsinki is already the next day), a DATE without
 * a zone, ending the day after; a feed has no METHOD. */
START_TEST(all_day_entry)
{
	const char *tz = "Europe/Helsinki";
	int64_t t = at(tz, 2027, 10, 31, 23, 30); /* 21:30 UTC, the day after the fall-back */
	vv_ics_t *c = vv_ics_begin(A, NULL, tz, t, t, NULL);
	ck_assert_ptr_nonnull(c);
	struct vv_ics_event e = { .uid = "r@x", .start = t, .end = t, .summary = "Laulutuokio",
				  .all_day = 1, .stamp = t };
	ck_assert_int_eq(vv_ics_event(c, &e), 0);
	size_t len;
	const char *text = vv_ics_end(c, &len);
	ck_assert_ptr_nonnull(strstr(text, "DTSTART;VALUE=DATE:20271031\r\n"));
	ck_assert_ptr_nonnull(strstr(text, "TRANSP:TRANSPARENT\r\n"));
	char *out = parse(text, len);
	ck_assert_ptr_nonnull(strstr(out, "METHOD - TZ Europe/Helsinki\n"));
	ck_assert_msg(strstr(out, "EVENT r@x 2027-10-31 2027-11-01 0 CONFIRMED Laulutuokio\n"), "%s", out);
}
END_TEST

START_TEST(refuses_what_it_cannot_write)
{
	ck_assert_ptr_null(vv_ics_begin(A, NULL, "Not/AZone", 0, 3600, NULL));
	vv_ics_t *c = vv_ics_begin(A, NULL, "UTC", 1800000000, 1800003600, NULL);
	ck_assert_ptr_nonnull(c);
	struct vv_ics_event e = { .uid = NULL, .summary = "x", .start = 1800000000, .end = 1800003600 };
	ck_assert_int_eq(vv_ics_event(c, &e), VV_INVALID);
	e.uid = "a";
	e.end = e.start - 1;
	ck_assert_int_eq(vv_ics_event(c, &e), VV_INVALID);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ics");
	TCase *tc = tcase_create("ics");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, invitation_across_dst);
	tcase_add_test(tc, cancellation_and_long_text);
	tcase_add_test(tc, all_day_entry);
	tcase_add_test(tc, refuses_what_it_cannot_write);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
