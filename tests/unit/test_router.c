/* Route patterns: literal segments and typed parameters. */
#include <check.h>
#include <stdlib.h>
#include "core.h"
#include "vv/uuid.h"

static vv_arena_t *a;
static vv_req_t r;

static void setup(void)
{
	a = vv_arena_create();
	vv_req_init(&r, a);
}

static void teardown(void)
{
	vv_arena_destroy(a);
}

START_TEST(literal)
{
	ck_assert_int_eq(vv_route_match(&r, "/", "/"), 1);
	ck_assert_int_eq(vv_route_match(&r, "/", "/x"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/events", "/events"), 1);
	ck_assert_int_eq(vv_route_match(&r, "/events", "/events/"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/events", "/event"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/events", "/eventsx"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/ecare/index/calendar", "/ecare/index/calendar"), 1);
}
END_TEST

START_TEST(uuid_param)
{
	const char *id = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b";
	char path[64];
	snprintf(path, sizeof(path), "/events/%s", id);
	ck_assert_int_eq(vv_route_match(&r, "/events/{uuid}", path), 1);
	ck_assert_str_eq(vv_req_arg(&r, "uuid"), id);
	ck_assert_int_eq(vv_route_match(&r, "/events/{uuid}", "/events/3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/events/{uuid}", "/events/3f2b8c1e9a4d4e6f8b7a1c2d3e4f5a6b"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/events/{uuid}", "/events/"), 0);
}
END_TEST

/* The same rule for a uuid from a form (vv_uuid_valid), and ours pass it. */
START_TEST(uuid_valid)
{
	ck_assert(vv_uuid_valid("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"));
	ck_assert(vv_uuid_valid(vv_uuid_new(a)));
	ck_assert(!vv_uuid_valid(NULL));
	ck_assert(!vv_uuid_valid(""));
	ck_assert(!vv_uuid_valid("3F2B8C1E-9A4D-4E6F-8B7A-1C2D3E4F5A6B"));
	ck_assert(!vv_uuid_valid("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b0"));
	ck_assert(!vv_uuid_valid("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6"));
	ck_assert(!vv_uuid_valid("3f2b8c1e-9a4d-4e6f-8b7a_1c2d3e4f5a6b"));
	ck_assert(!vv_uuid_valid("3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5\xc3\xa4"));
	ck_assert(!vv_uuid_valid("g3f2b8c1-9a4d-4e6f-8b7a-1c2d3e4f5a6b"));
}
END_TEST

START_TEST(named_int_and_more)
{
	ck_assert_int_eq(vv_route_match(&r, "/users/{id:int}/edit", "/users/42/edit"), 1);
	ck_assert_str_eq(vv_req_arg(&r, "id"), "42");
	vv_req_init(&r, a);
	ck_assert_int_eq(vv_route_match(&r, "/users/{id:int}", "/users/042"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/users/{id:int}", "/users/-1"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/users/{id:int}", "/users/1234567890123456789"), 0);
	ck_assert_ptr_null(vv_req_arg(&r, "id"));
	ck_assert_int_eq(vv_route_match(&r, "/join/{token}", "/join/abcdefghijklmnop_-XYZ"), 1);
	ck_assert_int_eq(vv_route_match(&r, "/join/{token}", "/join/short"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/join/{token}", "/join/abcdefghijklmnop+"), 0);
	ck_assert_int_eq(vv_route_match(&r, "/t/{slug}", "/t/coffee-round_2"), 1);
	ck_assert_int_eq(vv_route_match(&r, "/t/{slug}", "/t/Coffee"), 0);
}
END_TEST

START_TEST(partial_match_leaves_no_args)
{
	ck_assert_int_eq(vv_route_match(&r, "/a/{id:int}/b", "/a/7/c"), 0);
	ck_assert_ptr_null(vv_req_arg(&r, "id"));
}
END_TEST

START_TEST(pattern_validation)
{
	ck_assert(vv_route_pattern_valid("/"));
	ck_assert(vv_route_pattern_valid("/events/{uuid}"));
	ck_assert(vv_route_pattern_valid("/users/{id:int}/edit"));
	ck_assert(!vv_route_pattern_valid(NULL));
	ck_assert(!vv_route_pattern_valid(""));
	ck_assert(!vv_route_pattern_valid("events"));
	ck_assert(!vv_route_pattern_valid("/events/{float}"));
	ck_assert(!vv_route_pattern_valid("/events/{uuid"));
	ck_assert(!vv_route_pattern_valid("/events/x{uuid}"));
	ck_assert(!vv_route_pattern_valid("/events/{:int}"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("router");
	TCase *tc = tcase_create("match");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, literal);
	tcase_add_test(tc, uuid_param);
	tcase_add_test(tc, uuid_valid);
	tcase_add_test(tc, named_int_and_more);
	tcase_add_test(tc, partial_match_leaves_no_args);
	tcase_add_test(tc, pattern_validation);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
