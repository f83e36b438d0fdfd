/* Unit tests for request parsing (core/req_parse.c) and the request
 * accessors plugins use (core/req.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "core.h"

static vv_arena_t *a;
static vv_req_t req, *r = &req;
static struct vv_limits lim;

static void setup(void)
{
	a = vv_arena_create();
	ck_assert_ptr_nonnull(a);
	vv_req_init(r, a);
	lim = (struct vv_limits){1 << 20, 200, 8192, 1 << 20};
}

static void teardown(void)
{
	vv_arena_destroy(a);
}

/* Decodes s (a C string) and returns the result, or NULL when refused. */
static const char *dec(const char *s, bool plus)
{
	char *out = NULL;
	size_t n = 0;
	if (vv_url_decode(a, s, strlen(s), plus, &out, &n) < 0)
		return NULL;
	ck_assert_uint_eq(strlen(out), n);
	return out;
}

static bool utf8(const char *s)
{
	return vv_utf8_valid(s, strlen(s));
}

/* --- UTF-8 and percent-decoding --- */

START_TEST(test_utf8)
{
	ck_assert(utf8(""));
	ck_assert(utf8("plain ascii"));
	ck_assert(utf8("\xC3\xA4iti \xC3\xB6\xC3\xA5"));      /* äiti öå */
	ck_assert(utf8("\xE2\x82\xAC"));                       /* € */
	ck_assert(utf8("\xF0\x9F\x98\x80"));                   /* U+1F600 */
	ck_assert(utf8("\xF4\x8F\xBF\xBF"));                   /* U+10FFFF */
	ck_assert(utf8("\xED\x9F\xBF"));                       /* U+D7FF */
	ck_assert(utf8("\xEE\x80\x80"));                       /* U+E000 */
	ck_assert(!utf8("\xC0\xAF"));                          /* overlong '/' */
	ck_assert(!utf8("\xC1\xBF"));                          /* overlong */
	ck_assert(!utf8("\xE0\x80\xAF"));                      /* overlong, 3 bytes */
	ck_assert(!utf8("\xF0\x80\x80\xAF"));                  /* overlong, 4 bytes */
	ck_assert(!utf8("\xED\xA0\x80"));                      /* surrogate U+D800 */
	ck_assert(!utf8("\xED\xBF\xBF"));                      /* surrogate U+DFFF */
	ck_assert(!utf8("\xF4\x90\x80\x80"));                  /* U+110000 */
	ck_assert(!utf8("\xF5\x80\x80\x80"));
	ck_assert(!utf8("\xFF"));
	ck_assert(!utf8("\x80"));                              /* lone continuation */
	ck_assert(!utf8("a\xBF" "b"));
	ck_assert(!utf8("\xC3"));                              /* truncated */
	ck_assert(!utf8("\xE2\x82"));
	ck_assert(!utf8("\xE2\x82" "A"));                      /* bad continuation */
	ck_assert(!utf8("\xF0\x9F\x98"));
	ck_assert(!vv_utf8_valid("a\0b", 3));                  /* NUL */
	ck_assert(vv_utf8_valid("ab\xC3\xA4", 2));             /* only len bytes count */
	ck_assert(!vv_utf8_valid("ab\xC3\xA4", 3));            /* cut inside a sequence */
}
END_TEST

START_TEST(test_url_decode)
{
	ck_assert_str_eq(dec("abc", false), "abc");
	ck_assert_str_eq(dec("", false), "");
	ck_assert_str_eq(dec("a%20b", false), "a b");
	ck_assert_str_eq(dec("%2Fx%2fy", false), "/x/y");
	ck_assert_str_eq(dec("%C3%A4", false), "\xC3\xA4");
	ck_assert_str_eq(dec("\xC3\xA4", false), "\xC3\xA4");  /* raw UTF-8 passes */
	ck_assert_str_eq(dec("a+b", false), "a+b");
	ck_assert_str_eq(dec("a+b", true), "a b");
	ck_assert_str_eq(dec("a%2Bb", true), "a+b");
	ck_assert_str_eq(dec("100%25", true), "100%");
}
END_TEST

START_TEST(test_url_decode_rejects)
{
	ck_assert_ptr_null(dec("%4", false));
	ck_assert_ptr_null(dec("%", false));
	ck_assert_ptr_null(dec("ab%", true));
	ck_assert_ptr_null(dec("%zz", false));
	ck_assert_ptr_null(dec("%g0", false));
	ck_assert_ptr_null(dec("%0g", false));
	ck_assert_ptr_null(dec("%00", false));
	ck_assert_ptr_null(dec("a%00b", true));
	ck_assert_ptr_null(dec("%C0%AF", false));     /* overlong */
	ck_assert_ptr_null(dec("%80", false));        /* lone continuation */
	ck_assert_ptr_null(dec("x%BFy", false));
	ck_assert_ptr_null(dec("%ED%A0%80", false));  /* surrogate */
	ck_assert_ptr_null(dec("%F4%90%80%80", false));
	ck_assert_ptr_null(dec("%C3", false));        /* truncated */
	ck_assert_ptr_null(dec("\xC3(", false));      /* raw invalid UTF-8 */
	char *out;
	ck_assert_int_eq(vv_url_decode(a, "a\0b", 3, false, &out, NULL), VV_INVALID);
}
END_TEST

/* --- URI --- */

static int uri(const char *u)
{
	vv_req_init(r, a);
	return vv_parse_uri(r, u, &lim);
}

START_TEST(test_uri_lang_prefix)
{
	ck_assert_int_eq(uri("/"), 0);
	ck_assert_str_eq(r->path, "/");
	ck_assert_str_eq(r->subpath, "/");
	ck_assert(!r->has_lang);
	ck_assert_str_eq(r->lang, "fi");
	ck_assert_str_eq(r->query_string, "");

	ck_assert_int_eq(uri("/fi"), 0);
	ck_assert(r->has_lang);
	ck_assert_str_eq(r->lang, "fi");
	ck_assert_str_eq(r->subpath, "/");
	ck_assert_str_eq(r->path, "/fi");

	ck_assert_int_eq(uri("/fi/"), 0);
	ck_assert(r->has_lang);
	ck_assert_str_eq(r->subpath, "/");

	ck_assert_int_eq(uri("/fix"), 0);
	ck_assert(!r->has_lang);
	ck_assert_str_eq(r->lang, "fi");
	ck_assert_str_eq(r->subpath, "/fix");

	ck_assert_int_eq(uri("/en/events"), 0);
	ck_assert(r->has_lang);
	ck_assert_str_eq(r->lang, "en");
	ck_assert_str_eq(r->subpath, "/events");
	ck_assert_str_eq(r->path, "/en/events");

	ck_assert_int_eq(uri("/sv/events/12?x=1"), 0);
	ck_assert_str_eq(r->lang, "sv");
	ck_assert_str_eq(r->subpath, "/events/12");
	ck_assert_str_eq(vv_req_query_string(r), "x=1");

	ck_assert_int_eq(uri("/de/events"), 0);
	ck_assert(!r->has_lang);
	ck_assert_str_eq(r->subpath, "/de/events");

	ck_assert_int_eq(uri("/api/health"), 0);
	ck_assert(!r->has_lang);
	ck_assert_str_eq(r->subpath, "/api/health");

	ck_assert_int_eq(uri("/f"), 0);
	ck_assert(!r->has_lang);
	ck_assert_int_eq(uri("/FI/x"), 0);
	ck_assert(!r->has_lang);
}
END_TEST

START_TEST(test_uri_decoding_and_query)
{
	ck_assert_int_eq(uri("/fi/a%20b+c?q=a+b&r=%C3%A4&flag&&=skip&x=1&x=2"), 0);
	ck_assert_str_eq(r->path, "/fi/a b+c");  /* '+' is literal in a path */
	ck_assert_str_eq(r->subpath, "/a b+c");
	ck_assert_str_eq(r->query_string, "q=a+b&r=%C3%A4&flag&&=skip&x=1&x=2");
	ck_assert_str_eq(vv_req_query(r, "q"), "a b");
	ck_assert_str_eq(vv_req_query(r, "r"), "\xC3\xA4");
	ck_assert_str_eq(vv_req_query(r, "flag"), "");
	ck_assert_str_eq(vv_req_query(r, "x"), "1");
	ck_assert_ptr_null(vv_req_query(r, "missing"));
	ck_assert_uint_eq(r->query.n, 5);
	ck_assert_uint_eq(r->nfields, 5);
	ck_assert_int_eq(uri("/x?"), 0);
	ck_assert_str_eq(r->query_string, "");
	ck_assert_uint_eq(r->query.n, 0);
	/* Only the first '?' splits. */
	ck_assert_int_eq(uri("/x?a=b?c"), 0);
	ck_assert_str_eq(vv_req_query(r, "a"), "b?c");
}
END_TEST

START_TEST(test_uri_rejects)
{
	ck_assert_int_eq(uri(""), VV_INVALID);
	ck_assert_int_eq(uri("?a=1"), VV_INVALID);
	ck_assert_int_eq(uri("fi/events"), VV_INVALID);
	ck_assert_int_eq(uri("http://host/fi"), VV_INVALID);
	ck_assert_int_eq(vv_parse_uri(r, NULL, &lim), VV_INVALID);
	ck_assert_int_eq(uri("/fi/%00"), VV_INVALID);
	ck_assert_int_eq(uri("/fi/%C0%AF"), VV_INVALID);
	ck_assert_int_eq(uri("/fi/%ED%A0%80"), VV_INVALID);
	ck_assert_int_eq(uri("/fi/\xFF"), VV_INVALID);
	ck_assert_int_eq(uri("/fi/%4"), VV_INVALID);
	ck_assert_int_eq(uri("/fi/%zz"), VV_INVALID);
	/* Bad escapes in the query fail too. */
	ck_assert_int_eq(uri("/fi?a=%zz"), VV_INVALID);
	ck_assert_int_eq(uri("/fi?a=%00"), VV_INVALID);
}
END_TEST

START_TEST(test_uri_dot_segments)
{
	ck_assert_int_eq(uri("/fi/../etc/passwd"), VV_INVALID);
	ck_assert_int_eq(uri("/fi/./events"), VV_INVALID);
	ck_assert_int_eq(uri("/.."), VV_INVALID);
	ck_assert_int_eq(uri("/."), VV_INVALID);
	ck_assert_int_eq(uri("/fi/events/.."), VV_INVALID);
	ck_assert_int_eq(uri("/fi/events/."), VV_INVALID);
	/* Encoded dots are decoded first, so they are refused as well. */
	ck_assert_int_eq(uri("/fi/%2e%2e/x"), VV_INVALID);
	ck_assert_int_eq(uri("/fi/.%2E/x"), VV_INVALID);
	/* Dots inside a segment are ordinary characters. */
	ck_assert_int_eq(uri("/static/app.css"), 0);
	ck_assert_int_eq(uri("/fi/...x/..y/.z"), 0);
	ck_assert_str_eq(r->subpath, "/...x/..y/.z");
	/* A dot segment in the query is not a path. */
	ck_assert_int_eq(uri("/fi?next=/../x"), 0);
}
END_TEST

/* --- urlencoded --- */

static int form(const char *body)
{
	return vv_parse_body(r, "application/x-www-form-urlencoded", body, strlen(body), &lim);
}

START_TEST(test_urlencoded_form)
{
	ck_assert_int_eq(form("name=Matti+Meik%C3%A4l%C3%A4inen&c=1&c=2&c=3&empty=&novalue"), 0);
	ck_assert_str_eq(vv_req_form(r, "name"), "Matti Meik\xC3\xA4l\xC3\xA4inen");
	ck_assert_str_eq(vv_req_form(r, "empty"), "");
	ck_assert_str_eq(vv_req_form(r, "novalue"), "");
	const char *all[2];
	ck_assert_uint_eq(vv_req_form_all(r, "c", all, 2), 3);
	ck_assert_str_eq(all[0], "1");
	ck_assert_str_eq(all[1], "2");
	ck_assert_uint_eq(vv_req_form_all(r, "nope", all, 2), 0);
	/* Names are decoded too. */
	ck_assert_int_eq(form("a%5Bb%5D=x"), 0);
	ck_assert_str_eq(vv_req_form(r, "a[b]"), "x");
	/* '=' inside a value stays. */
	ck_assert_int_eq(form("t=a=b"), 0);
	ck_assert_str_eq(vv_req_form(r, "t"), "a=b");
}
END_TEST

START_TEST(test_urlencoded_not_nul_terminated)
{
	/* The body buffer need not end in NUL: parsing stops at len. */
	const char body[] = {'a', '=', '1', '&', 'b', '=', '2'};
	ck_assert_int_eq(vv_parse_urlencoded(r, body, sizeof(body), &r->form, &lim), 0);
	ck_assert_str_eq(vv_req_form(r, "b"), "2");
	ck_assert_int_eq(vv_parse_urlencoded(r, body, 2, &r->form, &lim), 0);
	ck_assert_uint_eq(r->form.n, 3);
	ck_assert_str_eq(r->form.v[2].name, "a");
	ck_assert_str_eq(r->form.v[2].value, "");
}
END_TEST

START_TEST(test_urlencoded_rejects)
{
	ck_assert_int_eq(form("a=%zz"), VV_INVALID);
	ck_assert_int_eq(form("a=%4"), VV_INVALID);
	ck_assert_int_eq(form("a=%00"), VV_INVALID);
	ck_assert_int_eq(form("%C0%AF=x"), VV_INVALID);
	ck_assert_int_eq(form("a=%ED%A0%80"), VV_INVALID);
	ck_assert_int_eq(vv_parse_body(r, "application/x-www-form-urlencoded", "a=\0", 3, &lim),
			 VV_INVALID);
}
END_TEST

START_TEST(test_field_count_limit)
{
	lim.max_fields = 3;
	ck_assert_int_eq(uri("/fi?a=1&b=2"), 0);
	ck_assert_uint_eq(r->nfields, 2);
	/* Query and form share the limit: one more is fine, two are not. */
	ck_assert_int_eq(form("c=3"), 0);
	ck_assert_int_eq(form("d=4"), VV_INVALID);
	ck_assert_int_eq(uri("/fi?a&b&c&d"), VV_INVALID);
	/* Empty pieces do not count. */
	ck_assert_int_eq(uri("/fi?a&&&&b&&c&"), 0);
	lim.max_fields = 0;
	ck_assert_int_eq(uri("/fi?a=1"), VV_INVALID);
	ck_assert_int_eq(uri("/fi"), 0);
}
END_TEST

START_TEST(test_field_length_limit)
{
	lim.max_field_len = 5;
	ck_assert_int_eq(form("a=12345"), 0);
	ck_assert_int_eq(form("a=123456"), VV_INVALID);
	/* The decoded length counts: 5 escapes decode to 5 bytes. */
	ck_assert_int_eq(form("a=%41%41%41%41%41"), 0);
	ck_assert_int_eq(uri("/x?q=abcdef"), VV_INVALID);
}
END_TEST

START_TEST(test_body_types)
{
	/* The type is matched case-insensitively, with parameters. */
	ck_assert_int_eq(vv_parse_body(r, "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
				       "a=1", 3, &lim), 0);
	ck_assert_str_eq(vv_req_form(r, "a"), "1");
	/* Other types are left for the handler. */
	ck_assert_int_eq(vv_parse_body(r, "application/json", "{\"a\":%zz}", 9, &lim), 0);
	ck_assert_int_eq(vv_parse_body(r, NULL, "b=2", 3, &lim), 0);
	ck_assert_int_eq(vv_parse_body(r, "application/x-www-form-urlencodedX", "b=2", 3, &lim), 0);
	ck_assert_uint_eq(r->form.n, 1);
	/* Over max_body is refused. */
	lim.max_body = 2;
	ck_assert_int_eq(vv_parse_body(r, "application/x-www-form-urlencoded", "b=2", 3, &lim),
			 VV_INVALID);
}
END_TEST

/* --- multipart --- */

#define CT "multipart/form-data; boundary=----WebKitFormBoundaryX3b"
#define B "------WebKitFormBoundaryX3b"

static int mp(const char *ctype, const char *body, size_t len)
{
	return vv_parse_body(r, ctype, body, len, &lim);
}

static const char two_fields_and_file[] =
	B "\r\n"
	"Content-Disposition: form-data; name=\"title\"\r\n"
	"\r\n"
	"Kev\xC3\xA4tjuhla\r\n"
	B "\r\n"
	"Content-Disposition: form-data; name=\"notes\"\r\n"
	"\r\n"
	"line 1\r\nline 2\r\n"
	B "\r\n"
	"Content-Disposition: form-data; name=\"upload\"; filename=\"kuva.png\"\r\n"
	"Content-Type: image/png\r\n"
	"\r\n"
	"\x89PNG\r\n\x1a\n\0\xFF\xFE"
	"\r\n"
	B "--\r\n";

START_TEST(test_multipart_fields_and_file)
{
	ck_assert_int_eq(mp(CT, two_fields_and_file, sizeof(two_fields_and_file) - 1), 0);
	ck_assert_uint_eq(r->form.n, 3);
	ck_assert_uint_eq(r->nfields, 3);
	ck_assert_str_eq(vv_req_form(r, "title"), "Kev\xC3\xA4tjuhla");
	ck_assert_str_eq(vv_req_form(r, "notes"), "line 1\r\nline 2");
	ck_assert_str_eq(vv_req_param(r, "title"), "Kev\xC3\xA4tjuhla");
	/* A file is not a form value... */
	ck_assert_ptr_null(vv_req_form(r, "upload"));
	ck_assert_ptr_null(vv_req_file(r, "title", NULL, NULL, NULL));
	/* ...but a file, with binary bytes kept. */
	size_t len = 0;
	const char *fname = NULL, *ctype = NULL;
	const char *data = vv_req_file(r, "upload", &len, &fname, &ctype);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(len, 11);
	ck_assert_int_eq(memcmp(data, "\x89PNG\r\n\x1a\n\0\xFF\xFE", 11), 0);
	ck_assert_str_eq(fname, "kuva.png");
	ck_assert_str_eq(ctype, "image/png");
	/* The values are copies: they outlive the body buffer. */
	ck_assert(data < two_fields_and_file ||
		  data >= two_fields_and_file + sizeof(two_fields_and_file));
}
END_TEST

START_TEST(test_multipart_quoted_boundary)
{
	const char body[] = "preamble to ignore\r\n"
			    "--a b:c\r\n"
			    "content-disposition: FORM-DATA; name=x\r\n"
			    "\r\n"
			    "1\r\n"
			    "--a b:c\r\n"
			    "Content-Disposition: form-data; name=\"empty\"\r\n"
			    "\r\n"
			    "\r\n"
			    "--a b:c--\r\nepilogue to ignore";
	ck_assert_int_eq(mp("multipart/form-data; charset=utf-8; boundary=\"a b:c\"", body,
			    sizeof(body) - 1), 0);
	ck_assert_str_eq(vv_req_form(r, "x"), "1");
	ck_assert_str_eq(vv_req_form(r, "empty"), "");
	ck_assert_uint_eq(r->form.n, 2);
}
END_TEST

START_TEST(test_multipart_file_without_type)
{
	const char body[] = "--zz\r\n"
			    "Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
			    "\r\n"
			    "\r\n"
			    "--zz--";
	ck_assert_int_eq(mp("multipart/form-data; boundary=zz", body, sizeof(body) - 1), 0);
	size_t len = 99;
	const char *fname = NULL, *ctype = NULL;
	ck_assert_ptr_nonnull(vv_req_file(r, "f", &len, &fname, &ctype));
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(fname, "");
	ck_assert_str_eq(ctype, "application/octet-stream");
}
END_TEST

START_TEST(test_multipart_malformed)
{
	const char *ct = "multipart/form-data; boundary=zz";
	const char *part = "Content-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n";
	char buf[512];
	/* No closing delimiter. */
	snprintf(buf, sizeof(buf), "--zz\r\n%s", part);
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	snprintf(buf, sizeof(buf), "--zz\r\n%s--zz", part);
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	/* Missing boundary parameter, empty or too long boundary. */
	snprintf(buf, sizeof(buf), "--zz\r\n%s--zz--", part);
	ck_assert_int_eq(mp("multipart/form-data", buf, strlen(buf)), VV_INVALID);
	ck_assert_int_eq(mp("multipart/form-data; boundary=", buf, strlen(buf)), VV_INVALID);
	ck_assert_int_eq(mp("multipart/form-data; boundary=\"zz", buf, strlen(buf)), VV_INVALID);
	char longct[200];
	snprintf(longct, sizeof(longct), "multipart/form-data; boundary=%071d", 0);
	ck_assert_int_eq(mp(longct, buf, strlen(buf)), VV_INVALID);
	/* With the right content type it parses. */
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), 0);
	ck_assert_str_eq(vv_req_form(r, "a"), "v");
	/* Body without any delimiter. */
	ck_assert_int_eq(mp(ct, "just text", 9), VV_INVALID);
	/* Part without a name, or without Content-Disposition at all. */
	snprintf(buf, sizeof(buf),
		 "--zz\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\nv\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Type: text/plain\r\n\r\nv\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	/* Not form-data, or an unterminated quote. */
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	/* Headers that never end, and a header line without a colon. */
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: form-data; name=\"a\"");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	snprintf(buf, sizeof(buf), "--zz\r\nbogus\r\n\r\nv\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	/* Something other than CRLF or "--" after a delimiter. */
	snprintf(buf, sizeof(buf), "--zzX\r\n%s--zz--", part);
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
}
END_TEST

START_TEST(test_multipart_text_must_be_utf8)
{
	const char *ct = "multipart/form-data; boundary=zz";
	const char bad[] = "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xC0\xAF\r\n--zz--";
	ck_assert_int_eq(mp(ct, bad, sizeof(bad) - 1), VV_INVALID);
	const char nul[] = "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\0y\r\n--zz--";
	ck_assert_int_eq(mp(ct, nul, sizeof(nul) - 1), VV_INVALID);
	/* The same bytes are fine in a file part. */
	const char file[] = "--zz\r\nContent-Disposition: form-data; name=\"a\"; filename=\"b.bin\"\r\n"
			    "\r\n\xC0\xAF\0\r\n--zz--";
	ck_assert_int_eq(mp(ct, file, sizeof(file) - 1), 0);
	size_t len;
	ck_assert_ptr_nonnull(vv_req_file(r, "a", &len, NULL, NULL));
	ck_assert_uint_eq(len, 3);
}
END_TEST

START_TEST(test_multipart_limits)
{
	const char *ct = "multipart/form-data; boundary=zz";
	char buf[1024];
	lim.max_field_len = 4;
	lim.max_file_len = 6;
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1234\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), 0);
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n12345\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	/* Files have their own limit. */
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n123456\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), 0);
	snprintf(buf, sizeof(buf), "--zz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n1234567\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
	/* Field count: parts count like any other field. */
	lim = (struct vv_limits){1 << 20, 2, 8192, 1 << 20};
	vv_req_init(r, a);
	snprintf(buf, sizeof(buf),
		 "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
		 "--zz\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n--zz--");
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), 0);
	vv_req_init(r, a);
	ck_assert_int_eq(uri("/fi?q=1"), 0);
	ck_assert_int_eq(mp(ct, buf, strlen(buf)), VV_INVALID);
}
END_TEST

START_TEST(test_multipart_zero_parts)
{
	ck_assert_int_eq(mp("multipart/form-data; boundary=zz", "--zz--\r\n", 8), 0);
	ck_assert_uint_eq(r->form.n, 0);
}
END_TEST

/* --- cookies --- */

START_TEST(test_cookies)
{
	ck_assert_int_eq(vv_parse_cookies(r, "vv_session=abc123;  lang=sv ;bad; =nope;"
					     " enc=a%20b; q=\"x\"; empty=; eq=a=b"), 0);
	ck_assert_str_eq(vv_req_cookie(r, "vv_session"), "abc123");
	ck_assert_str_eq(vv_req_cookie(r, "lang"), "sv");
	ck_assert_str_eq(vv_req_cookie(r, "enc"), "a%20b");   /* not decoded */
	ck_assert_str_eq(vv_req_cookie(r, "q"), "\"x\"");
	ck_assert_str_eq(vv_req_cookie(r, "empty"), "");
	ck_assert_str_eq(vv_req_cookie(r, "eq"), "a=b");
	ck_assert_ptr_null(vv_req_cookie(r, "bad"));
	ck_assert_ptr_null(vv_req_cookie(r, ""));
	ck_assert_uint_eq(r->cookies.n, 6);
	ck_assert_int_eq(vv_parse_cookies(r, NULL), 0);
	ck_assert_int_eq(vv_parse_cookies(r, ""), 0);
	ck_assert_int_eq(vv_parse_cookies(r, ";;; ;"), 0);
	ck_assert_uint_eq(r->cookies.n, 6);
	/* A pair that is not UTF-8 is skipped, the rest kept. */
	ck_assert_int_eq(vv_parse_cookies(r, "x=\xC0\xAF; y=2"), 0);
	ck_assert_ptr_null(vv_req_cookie(r, "x"));
	ck_assert_str_eq(vv_req_cookie(r, "y"), "2");
}
END_TEST

/* --- accessors and response (req.c) --- */

START_TEST(test_req_init)
{
	r->status = 500;
	r->nfields = 9;
	vv_req_init(r, a);
	ck_assert_ptr_eq(vv_req_arena(r), a);
	ck_assert_uint_eq(vv_req_role(r), VV_ROLE_ANON);
	ck_assert_int_eq(vv_req_user_id(r), 0);
	ck_assert_int_eq(vv_req_tenant_id(r), 0);
	ck_assert_str_eq(vv_req_lang(r), "fi");
	ck_assert_int_eq(r->status, 200);
	ck_assert_uint_eq(r->nfields, 0);
	ck_assert_str_eq(vv_req_query_string(r), "");
	r->role = VV_ROLE_OPERATOR;
	r->user_id = 7;
	r->tenant_id = 3;
	r->method = "POST";
	r->addr = "192.0.2.1";
	ck_assert_uint_eq(vv_req_role(r), VV_ROLE_OPERATOR);
	ck_assert_int_eq(vv_req_user_id(r), 7);
	ck_assert_int_eq(vv_req_tenant_id(r), 3);
	ck_assert_str_eq(vv_req_method(r), "POST");
	ck_assert_str_eq(vv_req_addr(r), "192.0.2.1");
}
END_TEST

START_TEST(test_kv_list_grows)
{
	struct vv_kvlist l = {0};
	char name[16];
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "k%d", i);
		ck_assert_int_eq(vv_kv_add(a, &l, vv_strdup(a, name), vv_sprintf(a, "%d", i), 1), 0);
	}
	ck_assert_uint_eq(l.n, 100);
	ck_assert_str_eq(vv_kv_find(&l, "k0")->value, "0");
	ck_assert_str_eq(vv_kv_find(&l, "k99")->value, "99");
	ck_assert_ptr_null(vv_kv_find(&l, "k100"));
	ck_assert_ptr_null(vv_kv_find(&l, NULL));
	ck_assert_ptr_null(vv_kv_find(&l, "K1")); /* exact match */
}
END_TEST

START_TEST(test_param_form_before_query)
{
	ck_assert_int_eq(uri("/fi/x?id=q&only=q"), 0);
	ck_assert_int_eq(form("id=f"), 0);
	ck_assert_str_eq(vv_req_param(r, "id"), "f");
	ck_assert_str_eq(vv_req_param(r, "only"), "q");
	ck_assert_ptr_null(vv_req_param(r, "none"));
	ck_assert_ptr_null(vv_req_form(r, "only"));
}
END_TEST

START_TEST(test_headers_and_args)
{
	vv_kv_add(a, &r->headers, "HTTP_USER_AGENT", "Mozilla/5.0", 11);
	vv_kv_add(a, &r->headers, "HTTP_ACCEPT_LANGUAGE", "sv-FI", 5);
	vv_kv_add(a, &r->headers, "CONTENT_TYPE", "text/plain", 10);
	vv_kv_add(a, &r->headers, "CONTENT_LENGTH", "42", 2);
	ck_assert_str_eq(vv_req_header(r, "User-Agent"), "Mozilla/5.0");
	ck_assert_str_eq(vv_req_header(r, "user-agent"), "Mozilla/5.0");
	ck_assert_str_eq(vv_req_header(r, "Accept-Language"), "sv-FI");
	ck_assert_str_eq(vv_req_header(r, "Content-Type"), "text/plain");
	ck_assert_str_eq(vv_req_header(r, "content-length"), "42");
	ck_assert_ptr_null(vv_req_header(r, "Referer"));
	ck_assert_ptr_null(vv_req_header(r, NULL));
	char longname[300];
	memset(longname, 'A', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_ptr_null(vv_req_header(r, longname));
	vv_kv_add(a, &r->args, "uuid", "1b4e28ba", 8);
	ck_assert_str_eq(vv_req_arg(r, "uuid"), "1b4e28ba");
	ck_assert_ptr_null(vv_req_arg(r, "id"));
}
END_TEST

START_TEST(test_response)
{
	char name[] = "X-Test", value[] = "one";
	vv_resp_header(r, name, value);
	name[0] = 'Y';
	value[0] = 'O'; /* copied, so the change does not show */
	ck_assert_uint_eq(r->resp_headers.n, 1);
	ck_assert_str_eq(r->resp_headers.v[0].name, "X-Test");
	ck_assert_str_eq(r->resp_headers.v[0].value, "one");
	/* Header injection is refused. */
	vv_resp_header(r, "X-Bad", "a\r\nSet-Cookie: x=1");
	ck_assert_uint_eq(r->resp_headers.n, 1);

	char loc[] = "/fi/events";
	ck_assert_int_eq(vv_resp_redirect(r, 303, loc), 303);
	loc[1] = 'x';
	ck_assert_int_eq(r->status, 303);
	ck_assert_str_eq(vv_kv_find(&r->resp_headers, "Location")->value, "/fi/events");

	char data[] = "{\"ok\":true}";
	ck_assert_int_eq(vv_resp_body(r, "application/json", data, strlen(data)), 200);
	data[0] = 'X';
	ck_assert_int_eq(r->status, 200);
	ck_assert_uint_eq(r->body_len, 11);
	ck_assert_int_eq(memcmp(r->body, "{\"ok\":true}", 11), 0);
	ck_assert_str_eq(r->content_type, "application/json");
	ck_assert_int_eq(vv_resp_body(r, "text/plain", NULL, 0), 200);
	ck_assert_uint_eq(r->body_len, 0);
	ck_assert_str_eq(r->body, "");
}
END_TEST

static Suite *req_parse_suite(void)
{
	Suite *s = suite_create("req_parse");
	TCase *tc = tcase_create("decode");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_url_decode);
	tcase_add_test(tc, test_url_decode_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("uri");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_uri_lang_prefix);
	tcase_add_test(tc, test_uri_decoding_and_query);
	tcase_add_test(tc, test_uri_rejects);
	tcase_add_test(tc, test_uri_dot_segments);
	suite_add_tcase(s, tc);

	tc = tcase_create("body");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_urlencoded_form);
	tcase_add_test(tc, test_urlencoded_not_nul_terminated);
	tcase_add_test(tc, test_urlencoded_rejects);
	tcase_add_test(tc, test_field_count_limit);
	tcase_add_test(tc, test_field_length_limit);
	tcase_add_test(tc, test_body_types);
	tcase_add_test(tc, test_multipart_fields_and_file);
	tcase_add_test(tc, test_multipart_quoted_boundary);
	tcase_add_test(tc, test_multipart_file_without_type);
	tcase_add_test(tc, test_multipart_malformed);
	tcase_add_test(tc, test_multipart_text_must_be_utf8);
	tcase_add_test(tc, test_multipart_limits);
	tcase_add_test(tc, test_multipart_zero_parts);
	tcase_add_test(tc, test_cookies);
	suite_add_tcase(s, tc);

	tc = tcase_create("accessors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_req_init);
	tcase_add_test(tc, test_kv_list_grows);
	tcase_add_test(tc, test_param_form_before_query);
	tcase_add_test(tc, test_headers_and_args);
	tcase_add_test(tc, test_response);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(req_parse_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
