/* Form field checks shared by every plugin (vv/form.h). */
#include <string.h>
#include "core.h"
#include "vv/form.h"

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *vv_form_trimmed(vv_req_t *r, const char *field)
{
	const char *v = vv_req_form(r, field);
	if (!v)
		return "";
	while (space(*v))
		v++;
	size_t n = strlen(v);
	while (n && space(v[n - 1]))
		n--;
	return vv_strndup(r->arena, v, n);
}

long vv_utf8_chars(const char *s)
{
	size_t len = strlen(s);
	if (!vv_utf8_valid(s, len))
		return -1;
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return -1;
		if ((*p & 0xC0) != 0x80)
			n++;
	}
	return n;
}

const char *vv_form_line(vv_req_t *r, const char *field, bool required, long max_chars)
{
	const char *v = vv_form_trimmed(r, field);
	long n = vv_utf8_chars(v);
	if (n < 0)
		vv_form_error(r, field, "err.invalid");
	else if (n == 0 && required)
		vv_form_error(r, field, "err.required");
	else if (n > max_chars)
		vv_form_error(r, field, "err.too-long");
	return v;
}

bool vv_email_valid(const char *s)
{
	if (!s || strlen(s) > 254 || vv_utf8_chars(s) < 0)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || at - s > 64)
		return false;
	for (const char *p = s; p < at; p++)
		if (strchr(" \"(),:;<>[\\]", *p))
			return false;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return false;
	bool dot = false;
	size_t label = 0;
	for (const char *p = at + 1;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '.' || c == '\0') {
			if (label == 0 || p[-1] == '-')
				return false;
			if (c == '\0')
				break;
			dot = true;
			label = 0;
			continue;
		}
		/* Letters, digits and hyphens; bytes above 0x7f for international names. */
		if (!(c >= 0x80 || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')) ||
		    (c == '-' && label == 0))
			return false;
		label++;
	}
	return dot;
}

const char *vv_form_email(vv_req_t *r, const char *field, bool required)
{
	char *v = vv_strdup(r->arena, vv_form_trimmed(r, field));
	for (char *p = v; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	if (!*v) {
		if (required)
			vv_form_error(r, field, "err.required");
	} else if (strlen(v) > 254) {
		vv_form_error(r, field, "err.too-long");
	} else if (!vv_email_valid(v)) {
		vv_form_error(r, field, "err.email");
	}
	return v;
}

bool vv_lang_valid(const char *s)
{
	return s && (strcmp(s, "fi") == 0 || strcmp(s, "sv") == 0 || strcmp(s, "en") == 0);
}

const char *vv_form_new_password(vv_req_t *r, const char *field, const char *repeat)
{
	/* Not trimmed: a space the user typed is part of the password. */
	const char *pw = vv_req_form(r, field), *again = vv_req_form(r, repeat);
	size_t bytes = pw ? strlen(pw) : 0;
	if (!bytes) {
		vv_form_error(r, field, "err.required");
		return NULL;
	}
	if (!vv_utf8_valid(pw, bytes)) {
		vv_form_error(r, field, "err.invalid");
		return NULL;
	}
	long chars = 0;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars < VV_PASSWORD_MIN)
		vv_form_error_arg(r, field, "password.err.short",
				  vv_sprintf(r->arena, "%d", VV_PASSWORD_MIN));
	else if (chars > VV_PASSWORD_MAX)
		vv_form_error_arg(r, field, "password.err.long",
				  vv_sprintf(r->arena, "%d", VV_PASSWORD_MAX));
	else if (!again || strcmp(pw, again) != 0)
		vv_form_error(r, repeat, "password.err.mismatch");
	else
		return pw; /* what vv_password_check accepts */
	return NULL;
}
