/* Plugin "admin" (Yrityksen ylläpito): employees, customers, login links
 * and the tenant's policies. This file holds the route table and the
 * input checks the pages share. */
#include <string.h>
#include "admin.h"

#define ADMIN VV_ROLE_ADMIN

static const struct vv_route routes[] = {
	/* R-NAV-2: all staff read the employee list (operators and
	 * professionals for e-mail addresses); only admins add or edit. */
	{"GET", "/admin/users/employees", vv_admin_employees, VV_ROLES_STAFF, 0, "admin-users.xsl"},
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
	/* A customer's signed-in tablets (devices.c): end one, or all. */
	{"POST", "/admin/users/{uuid}/devices/{id:int}/end", vv_admin_device_end, ADMIN, 0, "admin-user.xsl"},
	{"POST", "/admin/users/{uuid}/devices/end", vv_admin_devices_end, ADMIN, 0, "admin-user.xsl"},
	/* Tietosuoja (privacy.c): a person's data as JSON, erasing a customer. */
	{"GET", "/admin/users/{uuid}/export", vv_admin_export, ADMIN, 0, NULL},
	{"GET", "/admin/users/{uuid}/export/csv", vv_admin_export_csv, ADMIN, 0, NULL},
	{"GET", "/admin/users/{uuid}/erase", vv_admin_erase_form, ADMIN, 0, "admin-erase.xsl"},
	{"POST", "/admin/users/{uuid}/erase", vv_admin_erase_post, ADMIN, 0, "admin-erase.xsl"},
	/* Tapahtumaloki (audit.c), also as CSV */
	{"GET", "/admin/audit", vv_admin_audit, ADMIN, 0, "admin-audit.xsl"},
	{"GET", "/admin/audit/csv", vv_admin_audit_csv, ADMIN, 0, "admin-audit.xsl"},
	/* Läsnäolo (attendance.c): the chart, and every visit of a range as CSV */
	{"GET", "/admin/attendance", vv_admin_attendance, ADMIN, 0, "admin-attendance.xsl"},
	{"GET", "/admin/attendance/csv", vv_admin_attendance_csv, ADMIN, 0, "admin-attendance.xsl"},
	/* Employees only: a customer has no password, so their uuid is 404 here
	 * as an employee's is on the login-link routes. */
	{"POST", "/admin/users/{uuid}/password", vv_admin_password_reset, ADMIN, 0, "admin-user.xsl"},
	/* R-PO-2 */
	{"GET", "/admin/settings", vv_admin_settings_form, ADMIN, 0, "admin-settings.xsl"},
	{"POST", "/admin/settings", vv_admin_settings_post, ADMIN, 0, "admin-settings.xsl"},
	{0},
};

/* Yrityksen ylläpito: every staff member reads Käyttäjät › Työntekijät;
 * the rest is the admin's (Asetukset after the types plugin's link). */
static const struct vv_menu_item menu[] = {
	{"nav.company", "nav.users", "nav.employees", "/admin/users/employees", VV_ROLES_STAFF, 210},
	{"nav.company", "nav.users", "nav.customers", "/admin/users/customers", ADMIN, 220},
	{"nav.company", NULL, "nav.settings", "/admin/settings", ADMIN, 320},
	{"nav.company", NULL, "nav.audit", "/admin/audit", ADMIN, 330},
	{"nav.company", NULL, "nav.attendance", "/admin/attendance", ADMIN, 325},
	{0},
};

VV_PLUGIN_ENTRY = { VV_PLUGIN_MAGIC, .name = "admin", .routes = routes, .fini = vv_admin_zones_free,
		    .menu = menu };

/* Not vv_form_email: the address is kept as typed (the collation compares
 * it without case), so only the check is the core's. */
const char *vv_admin_email_field(vv_req_t *r, const char *field)
{
	const char *v = vv_form_trimmed(r, field);
	long n = vv_utf8_chars(v);
	if (*v == '\0')
		vv_form_error(r, field, "err.required");
	else if (n > VV_ADMIN_EMAIL_MAX)
		vv_form_error(r, field, "err.too-long");
	else if (!vv_email_valid(v))
		vv_form_error(r, field, "err.email");
	return v;
}

bool vv_admin_staff_role_ok(const char *role)
{
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "operator") == 0 ||
			strcmp(role, "professional") == 0);
}

void vv_admin_flash(vv_req_t *r)
{
	static const char *const done[] = {
		"created", "saved", "deactivated", "activated", "link-revoked", "password-reset",
		"device-ended", "devices-ended", "device-gone", "erased", NULL,
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
