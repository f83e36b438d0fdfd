/* Unit tests for the per-request arena (core/arena.c). */
#include <check.h>
#include <stdint.h>
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

START_TEST(test_alignment)
{
	/* Odd sizes in a row must still give 16-byte aligned pointers. */
	static const size_t sizes[] = {1, 3, 7, 15, 16, 17, 31, 100, 1, 4095, 5000, 2};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *p = vv_alloc(a, sizes[i]);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % 16, 0);
		memset(p, 0xAB, sizes[i]);
	}
}
END_TEST

START_TEST(test_distinct_and_intact)
{
	/* Many small allocations spanning several blocks must not overlap. */
	enum { N = 3000 };
	unsigned char *ptrs[N];
	for (int i = 0; i < N; i++) {
		ptrs[i] = vv_alloc(a, 24);
		memset(ptrs[i], i & 0xFF, 24);
	}
	for (int i = 0; i < N; i++)
		for (int k = 0; k < 24; k++)
			ck_assert_uint_eq(ptrs[i][k], (unsigned)(i & 0xFF));
	ck_assert_uint_eq(vv_arena_used(a), (size_t)N * 24);
}
END_TEST

START_TEST(test_zero_size)
{
	void *p = vv_alloc(a, 0);
	void *q = vv_alloc(a, 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_ne(p, q);
}
END_TEST

START_TEST(test_big_allocation)
{
	/* Larger than a block: gets a block of its own, fully usable. */
	char *small1 = vv_strdup(a, "before");
	size_t big = 3u << 20;
	unsigned char *p = vv_alloc(a, big);
	ck_assert_uint_eq((uintptr_t)p % 16, 0);
	memset(p, 0x5A, big);
	char *small2 = vv_strdup(a, "after");
	ck_assert_uint_eq(p[0], 0x5A);
	ck_assert_uint_eq(p[big - 1], 0x5A);
	ck_assert_str_eq(small1, "before");
	ck_assert_str_eq(small2, "after");
	ck_assert_uint_ge(vv_arena_used(a), big);
	/* After a reset the big block is gone and allocation works again. */
	vv_arena_reset(a);
	ck_assert_uint_eq(vv_arena_used(a), 0);
	p = vv_alloc(a, big);
	memset(p, 1, big);
	vv_arena_reset(a);
}
END_TEST

START_TEST(test_calloc_zeroes)
{
	/* Dirty the first block, reset, then calloc must still give zeros. */
	memset(vv_alloc(a, 1000), 0xFF, 1000);
	vv_arena_reset(a);
	unsigned char *p = vv_calloc(a, 1000);
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_eq(p[i], 0);
}
END_TEST

START_TEST(test_strdup_strndup)
{
	const char *src = "hello, world";
	char *d = vv_strdup(a, src);
	ck_assert_str_eq(d, src);
	ck_assert_ptr_ne(d, src);
	ck_assert_ptr_null(vv_strdup(a, NULL));
	ck_assert_str_eq(vv_strndup(a, src, 5), "hello");
	ck_assert_str_eq(vv_strndup(a, src, 0), "");
	/* n beyond the string stops at its NUL. */
	ck_assert_str_eq(vv_strndup(a, "ab", 100), "ab");
	ck_assert_ptr_null(vv_strndup(a, NULL, 3));
}
END_TEST

START_TEST(test_sprintf)
{
	ck_assert_str_eq(vv_sprintf(a, "%s-%d-%04x", "id", -42, 0xbeefu), "id--42-beef");
	ck_assert_str_eq(vv_sprintf(a, "%s", ""), "");
	/* Longer than any fixed buffer a naive version might use. */
	char big[10000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *s = vv_sprintf(a, "<%s>", big);
	ck_assert_uint_eq(strlen(s), sizeof(big) + 1);
	ck_assert_int_eq(s[0], '<');
	ck_assert_int_eq(s[sizeof(big)], '>');
}
END_TEST

/* Cleanup bookkeeping shared by the order tests. */
static int order[16];
static int norder;

static void record(void *data)
{
	order[norder++] = *(int *)data;
}

START_TEST(test_cleanup_order_reset)
{
	static int ids[] = {1, 2, 3, 4};
	norder = 0;
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(vv_arena_cleanup(a, record, &ids[i]), 0);
	ck_assert_int_eq(norder, 0);
	vv_arena_reset(a);
	ck_assert_int_eq(norder, 4);
	ck_assert_int_eq(order[0], 4);
	ck_assert_int_eq(order[1], 3);
	ck_assert_int_eq(order[2], 2);
	ck_assert_int_eq(order[3], 1);
	/* They ran once: a second reset runs nothing. */
	vv_arena_reset(a);
	ck_assert_int_eq(norder, 4);
}
END_TEST

START_TEST(test_cleanup_on_destroy)
{
	static int ids[] = {7, 8};
	norder = 0;
	vv_arena_t *b = vv_arena_create();
	vv_arena_cleanup(b, record, &ids[0]);
	vv_arena_cleanup(b, record, &ids[1]);
	vv_arena_destroy(b);
	ck_assert_int_eq(norder, 2);
	ck_assert_int_eq(order[0], 8);
	ck_assert_int_eq(order[1], 7);
	vv_arena_destroy(NULL); /* allowed */
}
END_TEST

static void free_it(void *p)
{
	free(p);
}

START_TEST(test_cleanup_frees_heap)
{
	/* LeakSanitizer fails the run if this malloc is not freed by reset. */
	void *p = malloc(1234);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(vv_arena_cleanup(a, free_it, p), 0);
	vv_arena_reset(a);
}
END_TEST

static vv_arena_t *nested_arena;
static int nested_ran;

static void nested_inner(void *data)
{
	(void)data;
	nested_ran = 2;
}

static void nested_outer(void *data)
{
	(void)data;
	nested_ran = 1;
	vv_arena_cleanup(nested_arena, nested_inner, NULL);
}

START_TEST(test_cleanup_registered_during_cleanup)
{
	nested_arena = a;
	nested_ran = 0;
	vv_arena_cleanup(a, nested_outer, NULL);
	vv_arena_reset(a);
	ck_assert_int_eq(nested_ran, 2);
}
END_TEST

START_TEST(test_reset_reuses_first_block)
{
	/* A steady load of small requests keeps using the same first block. */
	char *p1 = vv_alloc(a, 100);
	vv_arena_reset(a);
	char *p2 = vv_alloc(a, 100);
	ck_assert_ptr_eq(p1, p2);
	/* Even after spilling into more blocks. */
	for (int i = 0; i < 100; i++)
		vv_alloc(a, 1000);
	vv_arena_reset(a);
	char *p3 = vv_alloc(a, 100);
	ck_assert_ptr_eq(p1, p3);
	ck_assert_uint_eq(vv_arena_used(a), 100);
}
END_TEST

START_TEST(test_used_counts)
{
	ck_assert_uint_eq(vv_arena_used(a), 0);
	vv_alloc(a, 10);
	vv_alloc(a, 20);
	ck_assert_uint_eq(vv_arena_used(a), 30);
	vv_arena_reset(a);
	ck_assert_uint_eq(vv_arena_used(a), 0);
}
END_TEST

START_TEST(test_many_requests)
{
	/* Mixed sizes over many reset cycles: nothing leaks or overlaps. */
	for (int round = 0; round < 50; round++) {
		for (int i = 0; i < 200; i++) {
			size_t n = (size_t)((i * 7919 + round * 31) % 9000) + 1;
			unsigned char *p = vv_alloc(a, n);
			p[0] = 1;
			p[n - 1] = 2;
		}
		vv_arena_reset(a);
	}
}
END_TEST

static Suite *arena_suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_alignment);
	tcase_add_test(tc, test_distinct_and_intact);
	tcase_add_test(tc, test_zero_size);
	tcase_add_test(tc, test_big_allocation);
	tcase_add_test(tc, test_calloc_zeroes);
	tcase_add_test(tc, test_strdup_strndup);
	tcase_add_test(tc, test_sprintf);
	tcase_add_test(tc, test_cleanup_order_reset);
	tcase_add_test(tc, test_cleanup_on_destroy);
	tcase_add_test(tc, test_cleanup_frees_heap);
	tcase_add_test(tc, test_cleanup_registered_during_cleanup);
	tcase_add_test(tc, test_reset_reuses_first_block);
	tcase_add_test(tc, test_used_counts);
	tcase_add_test(tc, test_many_requests);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(arena_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
