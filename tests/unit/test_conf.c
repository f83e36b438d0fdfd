/* Configuration files: sections, comments, quotes, numbers, and a broken
 * file that must leave the loaded configuration as it was; the check
 * (vvhomed --check) refusing each kind of mistake with FILE:LINE. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* An empty folder for plugin_dir and schema_dir (/tmp itself may hold
 * someone's .so). */
static char empty[64];

static void setup(void)
{
	snprintf(path, sizeof(path), "/tmp/vv-test-conf-%d.conf", (int)getpid());
	snprintf(empty, sizeof(empty), "/tmp/vv-test-conf-%d.d", (int)getpid());
	mkdir(empty, 0700);
}

static void teardown(void)
{
	unlink(path);
	rmdir(empty);
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

START_TEST(booleans_take_the_usual_spellings_and_nothing_else)
{
	write_conf("[server]\na = on\nb = Yes\nc = TRUE\nd = 1\ne = off\nf = no\ng = False\nh = 0\n"
		   "i = maybe\nj = 2\n");
	ck_assert_int_eq(vv_conf_load(path), 0);
	const char *yes[] = {"a", "b", "c", "d"}, *no[] = {"e", "f", "g", "h"};
	for (int i = 0; i < 4; i++) {
		ck_assert(vv_conf_bool("server", yes[i], false));
		ck_assert(!vv_conf_bool("server", no[i], true));
	}
	/* Refused values fall back to the default here; the check refuses
	 * them before a worker ever reads them. */
	ck_assert(vv_conf_bool("server", "i", true));
	ck_assert(!vv_conf_bool("server", "i", false));
	ck_assert_int_eq(vv_conf_parse_bool("maybe"), -1);
	ck_assert_int_eq(vv_conf_parse_bool("2"), -1);
	ck_assert_int_eq(vv_conf_parse_bool(""), -1);
	ck_assert(vv_conf_bool("server", "absent", true));
}
END_TEST

START_TEST(a_key_before_any_section_is_an_error)
{
	write_conf("workers = 4\n[server]\n");
	ck_assert_int_ne(vv_conf_load(path), 0);
}
END_TEST

/* What the check printed on stderr while fn ran. */
static char checked[8192];
static int run_check(bool full)
{
	char out[80];
	snprintf(out, sizeof(out), "/tmp/vv-test-conf-%d.err", (int)getpid());
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	int n = vv_conf_check(full);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	FILE *f = fopen(out, "r");
	size_t len = fread(checked, 1, sizeof(checked) - 1, f);
	checked[len] = '\0';
	fclose(f);
	unlink(out);
	return n;
}

static const char *xsl_dir(void)
{
	const char *d = getenv("VV_XSL_DIR");
	return d ? d : "build/test/share/xsl";
}

/* A good file: only the core's keys (plugin_dir holds no plugin). */
static void write_good(const char *extra)
{
	char text[2048];
	snprintf(text, sizeof(text),
		 "[server]\nworkers = 2\nsecure_cookies = yes\nsocket_mode = 0660\n"
		 "[log]\nlevel = warn\n[paths]\nplugin_dir = %s\nxsl_dir = %s\nschema_dir = %s\n"
		 "[db]\nname = vvhome\nport = 3306\n%s",
		 empty, xsl_dir(), empty, extra);
	write_conf(text);
	ck_assert_int_eq(vv_conf_load(path), 0);
}

START_TEST(a_good_file_passes_the_check)
{
	write_good("");
	ck_assert_int_eq(run_check(false), 0);
	ck_assert_str_eq(checked, "");
	vv_log_set_level(VV_LOG_INFO);
}
END_TEST

START_TEST(the_check_names_file_and_line_of_each_mistake)
{
	write_good("[server]\nworkerz = 2\n[nosuch]\nx = 1\n[limits]\nmax_body = 1MB\n"
		   "[server]\nsecure_cookies = maybe\nsocket_mode = rw\n[log]\nlevel = loud\n");
	vv_log_set_level(VV_LOG_INFO);
	ck_assert_int_eq(run_check(false), 6);
	char want[256];
	/* write_good's text is 13 lines; the extra text starts at line 14. */
	snprintf(want, sizeof(want), "%s:15: unknown key workerz in [server]", path);
	ck_assert_msg(strstr(checked, want), "no \"%s\" in:\n%s", want, checked);
	snprintf(want, sizeof(want), "%s:17: unknown section [nosuch]", path);
	ck_assert_msg(strstr(checked, want), "no \"%s\" in:\n%s", want, checked);
	snprintf(want, sizeof(want), "%s:19: [limits] max_body = 1MB: not a whole number", path);
	ck_assert_msg(strstr(checked, want), "no \"%s\" in:\n%s", want, checked);
	snprintf(want, sizeof(want), "%s:21: [server] secure_cookies = maybe: not on/off", path);
	ck_assert_msg(strstr(checked, want), "no \"%s\" in:\n%s", want, checked);
	snprintf(want, sizeof(want), "%s:22: [server] socket_mode = rw: not an octal", path);
	ck_assert_msg(strstr(checked, want), "no \"%s\" in:\n%s", want, checked);
	snprintf(want, sizeof(want), "%s:24: [log] level = loud: not debug", path);
	ck_assert_msg(strstr(checked, want), "no \"%s\" in:\n%s", want, checked);
}
END_TEST

START_TEST(the_check_refuses_missing_folders_and_files)
{
	write_conf("[paths]\nplugin_dir = /nonexistent/plugins\nxsl_dir = /nonexistent/xsl\n"
		   "schema_dir = /nonexistent/schema\n[db]\npassword_file = /nonexistent/pw\n");
	ck_assert_int_eq(vv_conf_load(path), 0);
	ck_assert_int_eq(run_check(false), 4);
	ck_assert_msg(strstr(checked, ":2: [paths] plugin_dir = /nonexistent/plugins: no such folder"),
		      "%s", checked);
	ck_assert_msg(strstr(checked, ":3: [paths] xsl_dir = /nonexistent/xsl: no such folder"), "%s",
		      checked);
	ck_assert_msg(strstr(checked, ":6: [db] password_file = /nonexistent/pw: cannot read it"), "%s",
		      checked);
}
END_TEST

/* A stylesheet that does not compile stops the start (workers would die
 * on every page that uses it while the service looks up). */
START_TEST(the_check_compiles_every_stylesheet)
{
	char dir[96], cmd[512];
	snprintf(dir, sizeof(dir), "/tmp/vv-test-conf-xsl-%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf %s && cp -r %s %s", dir, xsl_dir(), dir);
	ck_assert_int_eq(system(cmd), 0);
	char broken[160];
	snprintf(broken, sizeof(broken), "%s/zz-broken.xsl", dir);
	FILE *f = fopen(broken, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	      "<xsl:template match=\"/\"><xsl:value-of select=\"((\"/></xsl:template>\n"
	      "</xsl:stylesheet>\n", f);
	fclose(f);
	char text[512];
	snprintf(text, sizeof(text), "[paths]\nplugin_dir = %s\nxsl_dir = %s\n", empty, dir);
	write_conf(text);
	ck_assert_int_eq(vv_conf_load(path), 0);
	ck_assert_int_eq(run_check(false), 1);
	ck_assert_msg(strstr(checked, "zz-broken.xsl does not compile"), "%s", checked);
	unlink(broken);
	ck_assert_int_eq(run_check(false), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static void each(const char *s, const char *k, const char *v, int line, void *arg)
{
	char *seen = arg;
	snprintf(seen + strlen(seen), 128 - strlen(seen), "%s.%s=%s@%d ", s, k, v, line);
}

START_TEST(entries_keep_file_order_and_lines)
{
	write_conf("[b]\nz = 1\n\n[a]\ny = 2\n[b]\nx = 3\n");
	ck_assert_int_eq(vv_conf_load(path), 0);
	ck_assert_str_eq(vv_conf_path(), path);
	static char seen[128];
	seen[0] = '\0';
	vv_conf_each(each, seen);
	ck_assert_str_eq(seen, "b.z=1@2 a.y=2@5 b.x=3@7 ");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, reads_values);
	tcase_add_test(tc, broken_file_keeps_the_old_configuration);
	tcase_add_test(tc, booleans_take_the_usual_spellings_and_nothing_else);
	tcase_add_test(tc, a_key_before_any_section_is_an_error);
	tcase_add_test(tc, entries_keep_file_order_and_lines);
	TCase *tk = tcase_create("check");
	tcase_add_checked_fixture(tk, setup, teardown);
	tcase_set_timeout(tk, 60);
	tcase_add_test(tk, a_good_file_passes_the_check);
	tcase_add_test(tk, the_check_names_file_and_line_of_each_mistake);
	tcase_add_test(tk, the_check_refuses_missing_folders_and_files);
	tcase_add_test(tk, the_check_compiles_every_stylesheet);
	suite_add_tcase(s, tk);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
