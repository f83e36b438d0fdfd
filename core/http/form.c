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

const char *const vv_langs[VV_LANGS] = {"fi", "sv", "en"};

bool vv_lang_valid(const char *s)
{
	for (int i = 0; s && i < VV_LANGS; i++)
		if (strcmp(s, vv_langs[i]) == 0)
			return true;
	return false;
}

void vv_form_langs(vv_req_t *r, const char *field, bool chosen[VV_LANGS], const char *none_key)
{
	const char *v[8];
	size_t n = vv_req_form_all(r, field, v, 8);
	bool bad = n > 8, any = false;
	for (int j = 0; j < VV_LANGS; j++)
		chosen[j] = false;
	for (size_t i = 0; i < n && i < 8; i++) {
		if (!*v[i])
			continue; /* an empty value chooses nothing */
		bool known = false;
		for (int j = 0; j < VV_LANGS; j++)
			if (strcmp(v[i], vv_langs[j]) == 0)
				known = chosen[j] = any = true;
		bad |= !known;
	}
	if (bad)
		vv_form_error(r, field, "err.invalid");
	else if (!any)
		vv_form_error(r, field, none_key);
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
