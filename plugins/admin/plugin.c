/* Plugin "admin" (Yrityksen ylläpito): employees, customers, login links
 * and the tenant's policies. This file holds the route table and the
 * input checks the pages share. */
#include <string.h>
#include "admin.h"

#define ADMIN VV_ROLE_ADMIN

static const struct vv_route routes[] = {
	/* R-NAV-2: operators read the employee list for e-mail addresses. */
	{"GET", "/admin/users/employees", vv_admin_employees, ADMIN | VV_ROLE_OPERATOR, 0,
	 "admin-users.xsl"},
	/* R-TY-2: only admins see customers. */
	{"GET", "/admin/users/customers", vv_admin_customers, ADMIN, 0, "admin-users.xsl"},
	{"GET", "/admin/users/new/{kind:slug}", vv_admin_new_form, ADMIN, 0, "admin-user.xsl"},
	{"POST", "/admin/users/new/{kind:slug}", vv_admin_new_post, ADMIN, 0, "admin-user.xsl"},
	{"GET", "/admin/users/{uuid}", vv_admin_edit_form, ADMIN, 0, "admin-user.xsl"},
	{"POST", "/admin/users/{uuid}", vv_admin_edit_post, ADMIN, 0, "admin-user.xsl"},
	{"POST", "/admin/users/{uuid}/deactivate", vv_admin_deactivate, ADMIN, 0, "admin-user.xsl"},
	{"POST", "/admin/users/{uuid}/activate", vv_admin_activate, ADMIN, 0, "admin-user.xsl"},
	{"POST", "/admin/users/{uuid}/login-link", vv_admin_link_issue, ADMIN, 0, "admin-user.xsl"},
	{"POST", "/admin/users/{uuid}/login-link/revoke", vv_admin_link_revoke, ADMIN, 0,
	 "admin-user.xsl"},
	/* R-PO-2 */
	{"GET", "/admin/settings", vv_admin_settings_form, ADMIN, 0, "admin-settings.xsl"},
	{"POST", "/admin/settings", vv_admin_settings_post, ADMIN, 0, "admin-settings.xsl"},
	{0},
};

VV_PLUGIN("admin", routes, NULL, NULL, NULL);

/* The form value with surrounding ASCII white space removed; "" when absent. */
static const char *trimmed(vv_req_t *r, const char *field)
{
	const char *v = vv_req_form(r, field);
	if (!v)
		return "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	return vv_strndup(vv_req_arena(r), v, n);
}

/* Code points in s, or -1 when s is not valid UTF-8 or holds a control
 * character (nothing a name or an address needs). */
static long utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;
	while (*p) {
		unsigned c = *p;
		int more;
		if (c < 0x20 || c == 0x7f)
			return -1;
		if (c < 0x80)
			more = 0;
		else if (c >= 0xc2 && c <= 0xdf)
			more = 1;
		else if (c >= 0xe0 && c <= 0xef)
			more = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			more = 3;
		else
			return -1;
		p++;
		for (int i = 0; i < more; i++, p++)
			if ((*p & 0xc0) != 0x80)
				return -1;
		n++;
	}
	return n;
}

const char *vv_admin_name_field(vv_req_t *r, const char *field)
{
	const char *v = trimmed(r, field);
	long n = utf8_chars(v);
	if (*v == '\0')
		vv_form_error(r, field, "err.required");
	else if (n < 0)
		vv_form_error(r, field, "err.invalid");
	else if (n > VV_ADMIN_NAME_MAX)
		vv_form_error(r, field, "err.too-long");
	return v;
}

/* A plain address: local@domain, the domain dotted labels of letters,
 * digits and hyphens (bytes above 0x7f allowed for international names),
 * nothing a mail header or a display would misread. */
static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || at - s > 64)
		return false;
	for (const char *p = s; p < at; p++)
		if (strchr(" \"(),:;<>[\\]", *p))
			return false;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return false;
	const char *d = at + 1;
	bool dot = false;
	size_t label = 0;
	for (const char *p = d;; p++) {
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
		if (c == '-' && label == 0)
			return false;
		if (!(c >= 0x80 || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')))
			return false;
		label++;
	}
	return dot;
}

const char *vv_admin_email_field(vv_req_t *r, const char *field)
{
	const char *v = trimmed(r, field);
	long n = utf8_chars(v);
	if (*v == '\0')
		vv_form_error(r, field, "err.required");
	else if (n > VV_ADMIN_EMAIL_MAX)
		vv_form_error(r, field, "err.too-long");
	else if (n < 0 || !email_ok(v))
		vv_form_error(r, field, "admin.err.email");
	return v;
}

bool vv_admin_lang_ok(const char *lang)
{
	return lang && (strcmp(lang, "fi") == 0 || strcmp(lang, "sv") == 0 || strcmp(lang, "en") == 0);
}

bool vv_admin_staff_role_ok(const char *role)
{
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "operator") == 0 ||
			strcmp(role, "professional") == 0);
}

void vv_admin_flash(vv_req_t *r)
{
	static const char *const done[] = {
		"created", "saved", "deactivated", "activated", "link-revoked", NULL,
	};
	const char *d = vv_req_query(r, "done");
	if (!d)
		return;
	for (const char *const *k = done; *k; k++) {
		if (strcmp(d, *k) == 0) {
			xmlNodePtr f = vv_xml_add(vv_page(r), "flash");
			vv_xml_attr(f, "key", vv_sprintf(vv_req_arena(r), "admin.flash.%s", *k));
			return;
		}
	}
}

bool vv_admin_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	int64_t v = 0;
	size_t n = 0;
	for (; s[n] >= '0' && s[n] <= '9'; n++) {
		if (n >= 9)
			return false;
		v = v * 10 + (s[n] - '0');
	}
	const char *rest = s + n;
	while (*rest == ' ')
		rest++;
	if (n == 0 || *rest || v < min || v > max)
		return false;
	*out = v;
	return true;
}
