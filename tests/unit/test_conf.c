/* Configuration files: sections, comments, quotes, numbers, and a broken
 * file that must leave the loaded configuration as it was. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "core.h"

static char path[64];

static void write_conf(const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/vv-test-conf-%d.conf", (int)getpid());
}

static void teardown(void)
{
	unlink(path);
	vv_conf_free();
}

START_TEST(reads_values)
{
	write_conf("# comment\n[server]\nworkers = 4\n; other comment\nsocket = \"/run/x.sock\"\n\n[db]\nname=vvhome\n");
	ck_assert_int_eq(vv_conf_load(path), 0);
	ck_assert_int_eq(vv_conf_int("server", "workers", 0), 4);
	ck_assert_str_eq(vv_conf_get("server", "socket", ""), "/run/x.sock");
	ck_assert_str_eq(vv_conf_get("db", "name", ""), "vvhome");
	ck_assert_str_eq(vv_conf_get("db", "missing", "def"), "def");
	ck_assert_int_eq(vv_conf_int("db", "name", 7), 7); /* not a number */
}
END_TEST

START_TEST(broken_file_keeps_the_old_configuration)
{
	write_conf("[server]\nworkers = 4\n");
	ck_assert_int_eq(vv_conf_load(path), 0);
	write_conf("[server]\nworkers = 8\nthis line has no equals sign\n");
	ck_assert_int_ne(vv_conf_load(path), 0);
	ck_assert_int_eq(vv_conf_int("server", "workers", 0), 4);
	unlink(path);
	ck_assert_int_ne(vv_conf_load(path), 0);
	ck_assert_int_eq(vv_conf_int("server", "workers", 0), 4);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, reads_values);
	tcase_add_test(tc, broken_file_keeps_the_old_configuration);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
