/* Shared form checks: text lines, e-mail addresses, languages, new passwords. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"
#include "vv/form.h"

static vv_arena_t *a;
static vv_req_t r;
static const struct vv_limits lim = {1 << 20, 200, 8192, 1 << 20};

static void with_form(const char *body)
{
	vv_req_init(&r, a);
	ck_assert_int_eq(vv_parse_body(&r, "application/x-www-form-urlencoded", body, strlen(body), &lim), 0);
}

static void setup(void) { a = vv_arena_create(); }
static void teardown(void) { vv_arena_destroy(a); }

START_TEST(utf8_chars)
{
	ck_assert_int_eq(vv_utf8_chars(""), 0);
	ck_assert_int_eq(vv_utf8_chars("abc"), 3);
	ck_assert_int_eq(vv_utf8_chars("Äänekoski"), 9);
	ck_assert_int_eq(vv_utf8_chars("a\tb"), -1);
	ck_assert_int_eq(vv_utf8_chars("a\nb"), -1);
	ck_assert_int_eq(vv_utf8_chars("\xc3"), -1);
}
END_TEST

START_TEST(line_field)
{
	with_form("name=+%20Hilkka%20+&empty=&long=abcdefghijk&ctl=a%0Ab");
	ck_assert_str_eq(vv_form_line(&r, "name", true, 10), "Hilkka");
	ck_assert_int_eq(vv_form_errors(&r), 0);
	ck_assert_str_eq(vv_form_line(&r, "empty", false, 10), "");
	ck_assert_int_eq(vv_form_errors(&r), 0);
	vv_form_line(&r, "empty", true, 10);
	ck_assert_int_eq(vv_form_errors(&r), 1);
	vv_form_line(&r, "absent", true, 10);
	ck_assert_int_eq(vv_form_errors(&r), 2);
	ck_assert_str_eq(vv_form_line(&r, "long", true, 10), "abcdefghijk");
	ck_assert_int_eq(vv_form_errors(&r), 3);
	vv_form_line(&r, "ctl", true, 10);
	ck_assert_int_eq(vv_form_errors(&r), 4);
}
END_TEST

START_TEST(emails)
{
	const char *good[] = {"a@b.fi", "first.last@kunta.example", "x+tag@sub.domain.org", "äiti@esimerkki.fi"};
	const char *bad[] = {"", "plain", "@b.fi", "a@", "a@b", "a@@b.fi", "a b@c.fi", "a@b..fi", ".a@b.fi",
			     "a.@b.fi", "a@-b.fi", "a@b-.fi", "a@b.fi\n", "\"a\"@b.fi", "a@[1.2.3.4]"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(vv_email_valid(good[i]), "%s should be valid", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!vv_email_valid(bad[i]), "%s should be invalid", bad[i]);
	with_form("e=+Hilkka.Virtanen%40Kunta.FI+&b=nope");
	ck_assert_str_eq(vv_form_email(&r, "e", true), "hilkka.virtanen@kunta.fi");
	ck_assert_int_eq(vv_form_errors(&r), 0);
	vv_form_email(&r, "b", true);
	ck_assert_int_eq(vv_form_errors(&r), 1);
}
END_TEST

START_TEST(languages)
{
	ck_assert(vv_lang_valid("fi") && vv_lang_valid("sv") && vv_lang_valid("en"));
	ck_assert(!vv_lang_valid("de") && !vv_lang_valid("FI") && !vv_lang_valid("") && !vv_lang_valid(NULL));
}
END_TEST

/* "field key" of the last message recorded, or "" when none. */
static const char *last_error(void)
{
	if (!r.errors)
		return "";
	xmlNodePtr e = xmlGetLastChild(r.errors);
	xmlChar *f = xmlGetProp(e, (const xmlChar *)"field"), *k = xmlGetProp(e, (const xmlChar *)"key");
	const char *out = vv_sprintf(a, "%s %s", (const char *)f, (const char *)k);
	xmlFree(f);
	xmlFree(k);
	return out;
}

START_TEST(new_passwords)
{
	/* Spaces count: the password is not trimmed. */
	with_form("p=+salasana+10+&q=+salasana+10+");
	ck_assert_str_eq(vv_form_new_password(&r, "p", "q"), " salasana 10 ");
	ck_assert_int_eq(vv_form_errors(&r), 0);
	/* Ten characters of two bytes each is ten, not twenty. */
	with_form("p=%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4"
		  "&q=%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4");
	ck_assert_ptr_nonnull(vv_form_new_password(&r, "p", "q"));
	const struct { const char *body, *error; } bad[] = {
		{"q=x", "p err.required"},
		{"p=&q=", "p err.required"},
		{"p=%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4%C3%A4&q=x", "p password.err.short"},
		{"p=salasana-10", "q password.err.mismatch"},
		{"p=salasana-10&q=salasana-11", "q password.err.mismatch"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		with_form(bad[i].body);
		ck_assert_ptr_null(vv_form_new_password(&r, "p", "q"));
		ck_assert_int_eq(vv_form_errors(&r), 1);
		ck_assert_str_eq(last_error(), bad[i].error);
	}
	char body[2 * 129 + 8] = "p=";
	memset(body + 2, 'x', 129);
	with_form(body);
	ck_assert_ptr_null(vv_form_new_password(&r, "p", "q"));
	ck_assert_str_eq(last_error(), "p password.err.long");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("form");
	TCase *tc = tcase_create("fields");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, utf8_chars);
	tcase_add_test(tc, line_field);
	tcase_add_test(tc, emails);
	tcase_add_test(tc, languages);
	tcase_add_test(tc, new_passwords);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
