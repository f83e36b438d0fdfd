/* Unit tests for the CSV writer (core/render/csv.c): RFC 4180 quoting,
 * CRLF records, the byte order mark and the spreadsheet formula guard. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

static vv_arena_t *a;

static void setup(void)
{
	a = vv_arena_create();
	ck_assert_ptr_nonnull(a);
}

static void teardown(void)
{
	vv_arena_destroy(a);
	a = NULL;
}

/* The document after the byte order mark, which is checked here too. */
static const char *body(const vv_csv_t *c)
{
	size_t len;
	const char *t = vv_csv_text(c, &len);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_ge(len, 3);
	ck_assert_int_eq(memcmp(t, "\xEF\xBB\xBF", 3), 0);
	ck_assert_uint_eq(strlen(t), len);
	return t + 3;
}

/* One record of one field s. */
static const char *one(const char *s)
{
	vv_csv_t *c = vv_csv_new(a);
	vv_csv_field(c, s);
	vv_csv_end_row(c);
	return body(c);
}

START_TEST(test_empty)
{
	vv_csv_t *c = vv_csv_new(a);
	ck_assert_str_eq(body(c), "");
}
END_TEST

START_TEST(test_records)
{
	vv_csv_t *c = vv_csv_new(a);
	vv_csv_field(c, "Nimi");
	vv_csv_field(c, "Aika");
	vv_csv_end_row(c);
	vv_csv_field(c, "Åsa Öberg");
	vv_csv_int(c, 42);
	vv_csv_field(c, NULL);
	vv_csv_field(c, "");
	vv_csv_end_row(c);
	ck_assert_str_eq(body(c), "Nimi,Aika\r\n\xC3\x85sa \xC3\x96" "berg,42,,\r\n");
}
END_TEST

START_TEST(test_quoting)
{
	ck_assert_str_eq(one("Virtanen, Liisa"), "\"Virtanen, Liisa\"\r\n");
	ck_assert_str_eq(one("Liisa \"Lissu\" V"), "\"Liisa \"\"Lissu\"\" V\"\r\n");
	ck_assert_str_eq(one("two\nlines"), "\"two\nlines\"\r\n");
	ck_assert_str_eq(one("cr\rhere"), "\"cr\rhere\"\r\n");
	ck_assert_str_eq(one("\""), "\"\"\"\"\r\n");
	ck_assert_str_eq(one("plain text; semicolon"), "plain text; semicolon\r\n");
}
END_TEST

START_TEST(test_formula_guard)
{
	ck_assert_str_eq(one("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"\r\n");
	ck_assert_str_eq(one("=1+2"), "'=1+2\r\n");
	ck_assert_str_eq(one("+358 40 123"), "'+358 40 123\r\n");
	ck_assert_str_eq(one("-5"), "'-5\r\n");
	ck_assert_str_eq(one("@SUM(A1)"), "'@SUM(A1)\r\n");
	ck_assert_str_eq(one("\tx"), "'\tx\r\n");
	ck_assert_str_eq(one("a=b"), "a=b\r\n"); /* only at the start */
	vv_csv_t *c = vv_csv_new(a);
	vv_csv_int(c, -5); /* a number is a number */
	vv_csv_end_row(c);
	ck_assert_str_eq(body(c), "-5\r\n");
}
END_TEST

START_TEST(test_large)
{
	/* Growing past many doublings keeps every byte. */
	vv_csv_t *c = vv_csv_new(a);
	for (int i = 0; i < 5000; i++) {
		vv_csv_field(c, "abc,def");
		vv_csv_int(c, i);
		vv_csv_end_row(c);
	}
	const char *t = body(c);
	ck_assert_int_eq(strncmp(t, "\"abc,def\",0\r\n\"abc,def\",1\r\n", 26), 0);
	ck_assert_ptr_nonnull(strstr(t, "\"abc,def\",4999\r\n"));
	/* 12 bytes and the digits a record: 10 of one digit, 90 of two, 900 of
	 * three, 4000 of four */
	ck_assert_uint_eq(strlen(t), 5000 * 12 + 10 * 1 + 90 * 2 + 900 * 3 + 4000 * 4);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_records);
	tcase_add_test(tc, test_quoting);
	tcase_add_test(tc, test_formula_guard);
	tcase_add_test(tc, test_large);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(csv_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
