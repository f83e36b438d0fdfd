/* When cookies are Secure ([server] secure_cookies, core/identity/cookie.c):
 * by default everywhere but plain HTTP from the developer's own machine. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "core.h"

START_TEST(auto_is_secure_but_for_plain_http_on_loopback)
{
	ck_assert(vv_cookie_secure_for("auto", "on", "203.0.113.5"));
	ck_assert(vv_cookie_secure_for("auto", "on", "127.0.0.1"));
	ck_assert(vv_cookie_secure_for("auto", NULL, "203.0.113.5")); /* plain HTTP from elsewhere: still Secure */
	ck_assert(vv_cookie_secure_for("auto", NULL, "2001:db8::1"));
	ck_assert(!vv_cookie_secure_for("auto", NULL, "127.0.0.1"));
	ck_assert(!vv_cookie_secure_for("auto", NULL, "::1"));
	ck_assert(!vv_cookie_secure_for(NULL, NULL, "127.0.0.2")); /* unset is auto */
}
END_TEST

START_TEST(yes_and_no_in_their_usual_spellings)
{
	static const char *yes[] = {"yes", "true", "on", "1", "YES", "On"}, *no[] = {"no", "false", "off", "0", "Off"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert(vv_cookie_secure_for(yes[i], NULL, "127.0.0.1"));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert(!vv_cookie_secure_for(no[i], "on", "203.0.113.5"));
	/* Anything else is refused at start; should it get this far, Secure. */
	ck_assert(vv_cookie_secure_for("ja", NULL, "127.0.0.1"));
}
END_TEST

START_TEST(an_unknown_value_is_refused_at_start)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/vv-test-cookie-%d.conf", (int)getpid());
	static const struct { const char *text; int want; } cases[] = {
		{"[server]\nsecure_cookies = ja\n", VV_INVALID},
		{"[server]\nsecure_cookies = true\n", 0},
		{"[server]\nsecure_cookies = auto\n", 0},
		{"[server]\n", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(cases[i].text, f);
		fclose(f);
		ck_assert_int_eq(vv_conf_load(path), 0);
		ck_assert_int_eq(vv_cookie_conf_check(), cases[i].want);
	}
	unlink(path);
	vv_conf_free();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cookie");
	TCase *tc = tcase_create("secure");
	tcase_add_test(tc, auto_is_secure_but_for_plain_http_on_loopback);
	tcase_add_test(tc, yes_and_no_in_their_usual_spellings);
	tcase_add_test(tc, an_unknown_value_is_refused_at_start);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
