/* The start of something scheduled (vv/form.h, formtime.c): the date and
 * time fields checked in the tenant's zone with the core's messages, and
 * the time options of a day. Run from the repository root (the catalogue
 * check reads xsl/i18n). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/tree.h>
#include "core.h"
#include "vv/form.h"
#include "vv/time.h"

#define TZ "Europe/Helsinki"

static vv_arena_t *a;
static vv_req_t r;
static const struct vv_limits lim = {1 << 20, 200, 8192, 1 << 20};

/* A request in lang for a tenant in Helsinki with this form body. */
static void with_form(const char *lang, const char *body)
{
	vv_req_init(&r, a);
	r.lang = lang;
	r.tz = TZ;
	ck_assert_int_eq(vv_parse_body(&r, "application/x-www-form-urlencoded", body, strlen(body), &lim), 0);
}

static void setup(void) { a = vv_arena_create(); }
static void teardown(void) { vv_arena_destroy(a); }

static const char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *s = vv_strdup(a, (const char *)v);
	xmlFree(v);
	return s;
}

/* Exactly one message was recorded: key on field, with arg (NULL: none). */
static void assert_error(const char *field, const char *key, const char *arg)
{
	ck_assert_int_eq(vv_form_errors(&r), 1);
	xmlNodePtr e = xmlFirstElementChild(r.errors);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(prop(e, "field"), field);
	ck_assert_str_eq(prop(e, "key"), key);
	if (arg)
		ck_assert_str_eq(prop(e, "arg"), arg);
	else
		ck_assert_ptr_null(prop(e, "arg"));
}

/* UTC seconds of a UTC calendar time. */
static int64_t utc_of(int y, int m, int d, int hh, int mm)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = hh, .tm_min = mm};
	return (int64_t)timegm(&tm);
}

static const struct vv_date UNSET = {-1, -1, -1};

START_TEST(required)
{
	int64_t t = 0;
	struct vv_date day = UNSET;
	with_form("fi", "date=&time=10%3A00");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, &day), VV_INVALID);
	assert_error("date", "err.required", NULL);
	ck_assert_int_eq(day.y, -1);
	/* Absent fields too, and the time named after the date is known. */
	with_form("fi", "other=1");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, &day), VV_INVALID);
	assert_error("date", "err.required", NULL);
	with_form("fi", "start_date=2030-06-01&start_time=+");
	ck_assert_int_eq(vv_form_start(&r, "start_date", "start_time", &t, &day), VV_INVALID);
	assert_error("start_time", "err.required", NULL);
	ck_assert(day.y == 2030 && day.m == 6 && day.d == 1);
}
END_TEST

START_TEST(bad_date)
{
	const char *bad[] = {"2030-13-01", "31.02.2030", "2030-2-1", "tomorrow", "2030-06-01x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = 0;
		struct vv_date day = UNSET;
		char body[96];
		snprintf(body, sizeof(body), "date=%s&time=10%%3A00", bad[i]);
		with_form("fi", body);
		ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, &day), VV_INVALID);
		assert_error("date", "err.date", NULL);
		ck_assert_msg(day.y == -1, "%s: day untouched", bad[i]);
	}
}
END_TEST

START_TEST(bad_time)
{
	const char *bad[] = {"x", "10", "10%3A0", "24%3A00", "10%3A60", "-1%3A00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = 0;
		struct vv_date day = UNSET;
		char body[96];
		snprintf(body, sizeof(body), "date=27.11.2030&time=%s", bad[i]);
		with_form("fi", body);
		ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, &day), VV_INVALID);
		assert_error("time", "err.time", NULL);
		ck_assert_msg(day.y == 2030 && day.m == 11 && day.d == 27, "%s: the day is set", bad[i]);
	}
}
END_TEST

START_TEST(nonexistent)
{
	/* 2030-03-31: the clocks go from 03:00 to 04:00 in Helsinki. */
	int64_t t = 0;
	struct vv_date day = UNSET;
	with_form("fi", "date=2030-03-31&time=03%3A30");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, &day), VV_INVALID);
	assert_error("time", "err.time-nonexistent", TZ);
	ck_assert(day.y == 2030 && day.m == 3 && day.d == 31);
	/* The hour after is fine: 04:00 EEST = 01:00 UTC. */
	with_form("fi", "date=2030-03-31&time=04%3A00");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, NULL), 0);
	ck_assert_int_eq(t, utc_of(2030, 3, 31, 1, 0));
}
END_TEST

START_TEST(off_grid)
{
	int64_t t = 0;
	with_form("en", "date=2030-06-01&time=10.07");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, NULL), VV_INVALID);
	assert_error("time", "err.time-grid", NULL);
}
END_TEST

/* The earliest start as a language writes it, from the clock now. */
static const char *earliest_text(const char *lang)
{
	struct vv_local l;
	ck_assert_int_eq(vv_time_to_local(TZ, vv_slot_earliest((int64_t)time(NULL)), &l), 0);
	return strcmp(lang, "en") == 0 ? vv_sprintf(a, "%02d:%02d", l.hh, l.mm)
				       : vv_sprintf(a, "%d.%02d", l.hh, l.mm);
}

START_TEST(past)
{
	const char *langs[] = {"fi", "sv", "en"};
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		for (int tries = 0;; tries++) {
			/* Re-run when a slot boundary passed during the call. */
			const char *before = earliest_text(langs[i]);
			int64_t t = 0;
			struct vv_date day = UNSET;
			with_form(langs[i], "date=2020-01-01&time=10%3A00");
			ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, &day), VV_INVALID);
			ck_assert(day.y == 2020 && day.m == 1 && day.d == 1);
			if (strcmp(before, earliest_text(langs[i])) != 0 && tries < 3)
				continue;
			assert_error("time", "err.time-earliest", before);
			break;
		}
	}
	/* The current slot's own start is not in the future either. */
	int64_t now = (int64_t)time(NULL);
	struct vv_local cur;
	ck_assert_int_eq(vv_time_to_local(TZ, now - now % VV_SLOT_SECONDS, &cur), 0);
	char body[96];
	snprintf(body, sizeof(body), "date=%04d-%02d-%02d&time=%02d%%3A%02d", cur.y, cur.m, cur.d,
		 cur.hh, cur.mm);
	with_form("fi", body);
	int64_t t = 0;
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, NULL), VV_INVALID);
	ck_assert_int_eq(vv_form_errors(&r), 1);

	/* The time as each language writes it: 06:45 EEST on 1 June 2030. */
	int64_t t645 = utc_of(2030, 6, 1, 3, 45);
	with_form("fi", "");
	ck_assert_str_eq(vv_form_time_text(&r, t645), "6.45");
	with_form("sv", "");
	ck_assert_str_eq(vv_form_time_text(&r, t645), "6.45");
	with_form("en", "");
	ck_assert_str_eq(vv_form_time_text(&r, t645), "06:45");
	with_form("fi", "");
	ck_assert_str_eq(vv_form_time_text(&r, utc_of(2030, 6, 1, 9, 0)), "12.00");
}
END_TEST

START_TEST(valid)
{
	int64_t t = 0;
	struct vv_date day = UNSET;
	/* 10:00 EEST = 07:00 UTC; both date forms, both time separators, trimmed. */
	with_form("fi", "date=+2030-06-01+&time=10%3A00");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, &day), 0);
	ck_assert_int_eq(vv_form_errors(&r), 0);
	ck_assert_int_eq(t, utc_of(2030, 6, 1, 7, 0));
	ck_assert(day.y == 2030 && day.m == 6 && day.d == 1);
	with_form("en", "date=1.6.2030&time=10.15");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, NULL), 0);
	ck_assert_int_eq(vv_form_errors(&r), 0);
	ck_assert_int_eq(t, utc_of(2030, 6, 1, 7, 15));
	/* 10:00 EET in winter = 08:00 UTC. */
	with_form("sv", "date=27.11.2030&time=10%3A00%3A00");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, NULL), 0);
	ck_assert_int_eq(t, utc_of(2030, 11, 27, 8, 0));
	/* A repeated wall time (fall-back, 2030-10-27) is the earlier instant. */
	with_form("fi", "date=2030-10-27&time=03%3A30");
	ck_assert_int_eq(vv_form_start(&r, "date", "time", &t, NULL), 0);
	ck_assert_int_eq(t, utc_of(2030, 10, 27, 0, 30));
}
END_TEST

/* The <slot> children of the form node: how many, and the last one. */
static int slots(xmlNodePtr form, xmlNodePtr *last)
{
	int n = 0;
	for (xmlNodePtr c = xmlFirstElementChild(form); c; c = xmlNextElementSibling(c)) {
		ck_assert_str_eq((const char *)c->name, "slot");
		n++;
		*last = c;
	}
	return n;
}

START_TEST(form_slots)
{
	xmlNodePtr last = NULL;
	with_form("fi", "");
	xmlNodePtr f = vv_xml_add(vv_page(&r), "form");
	vv_form_slots(&r, f, "2030-06-01", "10:15");
	ck_assert_int_eq(slots(f, &last), 96);
	xmlNodePtr first = xmlFirstElementChild(f);
	ck_assert_str_eq(prop(first, "value"), "00:00");
	ck_assert_str_eq(prop(first, "zone"), "EEST");
	ck_assert_str_eq(prop(last, "value"), "23:45");

	/* The user's invalid time is kept as an option of its own, without a zone. */
	f = vv_xml_add(vv_page(&r), "form");
	vv_form_slots(&r, f, "1.6.2030", "10:07");
	ck_assert_int_eq(slots(f, &last), 97);
	ck_assert_str_eq(prop(last, "value"), "10:07");
	ck_assert_ptr_null(prop(last, "zone"));
	f = vv_xml_add(vv_page(&r), "form");
	vv_form_slots(&r, f, "2030-06-01", "nonsense");
	ck_assert_int_eq(slots(f, &last), 97);
	ck_assert_str_eq(prop(last, "value"), "nonsense");

	/* The DST days: 92 at spring-forward; at fall-back each wall time once. */
	f = vv_xml_add(vv_page(&r), "form");
	vv_form_slots(&r, f, "2030-03-31", NULL);
	ck_assert_int_eq(slots(f, &last), 92);
	f = vv_xml_add(vv_page(&r), "form");
	vv_form_slots(&r, f, "2030-10-27", "");
	ck_assert_int_eq(slots(f, &last), 96);

	/* A past day has none, only the user's value. */
	f = vv_xml_add(vv_page(&r), "form");
	vv_form_slots(&r, f, "2020-01-01", "10:00");
	ck_assert_int_eq(slots(f, &last), 1);
	ck_assert_str_eq(prop(last, "value"), "10:00");

	/* Without a date (or with one that does not parse): the first day with
	 * a slot, starting at the earliest. */
	struct vv_local l;
	ck_assert_int_eq(vv_time_to_local(TZ, vv_slot_earliest((int64_t)time(NULL)), &l), 0);
	const char *want = vv_sprintf(a, "%02d:%02d", l.hh, l.mm);
	for (int i = 0; i < 2; i++) {
		f = vv_xml_add(vv_page(&r), "form");
		vv_form_slots(&r, f, i ? "x" : NULL, NULL);
		int n = slots(f, &last);
		ck_assert_int_ge(n, 1);
		ck_assert_int_le(n, 96);
		const char *got = prop(xmlFirstElementChild(f), "value");
		if (strcmp(got, want) != 0) /* a slot boundary passed in between */
			ck_assert_int_eq(vv_time_to_local(TZ, vv_slot_earliest((int64_t)time(NULL)), &l), 0);
		ck_assert_str_eq(got, vv_sprintf(a, "%02d:%02d", l.hh, l.mm));
	}
}
END_TEST

/* The core's messages exist in every catalogue, with {0} where an argument goes. */
START_TEST(catalogue)
{
	ck_assert_int_eq(vv_render_init(getenv("VV_XSL_DIR") ? getenv("VV_XSL_DIR") : "build/test/share/xsl"), 0);
	const char *langs[] = {"fi", "sv", "en"};
	const struct { const char *key; bool arg; } keys[] = {
		{"err.required", false}, {"err.date", false}, {"err.time", false},
		{"err.time-nonexistent", true}, {"err.time-grid", false}, {"err.time-earliest", true},
	};
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const char *s = vv_i18n_get(langs[i], keys[k].key);
			ck_assert_msg(s, "%s has %s", langs[i], keys[k].key);
			ck_assert_msg((strstr(s, "{0}") != NULL) == keys[k].arg, "%s %s: {0}", langs[i],
				      keys[k].key);
		}
	}
	ck_assert_ptr_nonnull(strstr(vv_i18n_get("en", "err.date"), "2026-11-27 or 27.11.2026"));
	vv_render_fini();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("formtime");
	TCase *tc = tcase_create("start");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, required);
	tcase_add_test(tc, bad_date);
	tcase_add_test(tc, bad_time);
	tcase_add_test(tc, nonexistent);
	tcase_add_test(tc, off_grid);
	tcase_add_test(tc, past);
	tcase_add_test(tc, valid);
	tcase_add_test(tc, form_slots);
	tcase_add_test(tc, catalogue);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
