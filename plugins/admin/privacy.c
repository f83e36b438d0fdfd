/* Tietosuoja: everything the organisation holds about one person, as a
 * JSON or CSV download, and erasing a customer.
 *
 * Erasure removes the personal data and keeps the record: the user row
 * stays (events, participations and audit rows refer to its id and uuid)
 * with names, e-mail, password and language wiped and the account
 * deactivated; sessions, login links, known devices, throttle rows,
 * enrolment rights (types, external groups) and queued or sent mail to
 * the address are deleted. Participations in past events and visits to
 * their calls (attendance) stay: who took part, without a name. A customer still enrolled in an event that has
 * not ended is not erased: taking them out moves the waiting list, which
 * is the enrolment pages' work, so the admin does that first. */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <vv/text.h>
#include "admin.h"

/* Every query takes the same three parameters, (tenant, user id, uuid),
 * through the derived table p. The column names are the JSON keys. */
#define P "(SELECT ? AS tid, ? AS uid, ? AS uuid) p"

struct section {
	const char *name;
	const char *sql;
	const char *const cols[10];
};

static const struct section sections[] = {
	{"account",
	 "SELECT u.uuid, u.email, u.first_name, u.last_name, u.role, u.language, u.active,"
	 " u.created_at, u.updated_at FROM " P " JOIN users u ON u.tenant_id = p.tid AND u.id = p.uid",
	 {"uuid", "email", "first_name", "last_name", "role", "language", "active", "created_at",
	  "updated_at"}},
	{"sessions",
	 "SELECT s.kind, s.created_at, s.last_seen, s.idle_expires_at, s.expires_at FROM " P
	 " JOIN sessions s ON s.tenant_id = p.tid AND s.user_id = p.uid ORDER BY s.id",
	 {"kind", "created_at", "last_seen", "idle_expires_at", "expires_at"}},
	{"login_links",
	 "SELECT l.created_at, l.used_at, l.revoked_at FROM " P
	 " JOIN login_links l ON l.tenant_id = p.tid AND l.user_id = p.uid ORDER BY l.id",
	 {"created_at", "used_at", "revoked_at"}},
	{"known_devices",
	 "SELECT d.created_at, d.last_used_at FROM " P
	 " JOIN login_devices d ON d.tenant_id = p.tid AND d.user_id = p.uid ORDER BY d.created_at",
	 {"created_at", "last_used_at"}},
	{"event_types",
	 "SELECT t.uuid, t.name FROM " P " JOIN type_customers tc ON tc.tenant_id = p.tid AND tc.user_id = p.uid"
	 " JOIN event_types t ON t.id = tc.type_id ORDER BY t.name",
	 {"uuid", "name"}},
	{"external_groups",
	 "SELECT g.uuid, g.name FROM " P " JOIN group_customers gc ON gc.tenant_id = p.tid AND gc.user_id = p.uid"
	 " JOIN external_groups g ON g.id = gc.group_id ORDER BY g.name",
	 {"uuid", "name"}},
	{"participations",
	 "SELECT e.uuid, (SELECT MIN(x.name) FROM event_texts x WHERE x.event_id = e.id), e.starts_at,"
	 " e.ends_at, e.status, ep.kind, ep.status, ep.created_at FROM " P
	 " JOIN event_participants ep ON ep.tenant_id = p.tid AND ep.user_id = p.uid"
	 " JOIN events e ON e.id = ep.event_id ORDER BY e.starts_at, ep.id",
	 {"event", "name", "starts_at", "ends_at", "event_status", "kind", "status", "enrolled_at"}},
	{"attendance",
	 "SELECT e.uuid, a.role, a.display, a.joined_at, a.left_at FROM " P
	 " JOIN attendance a ON a.tenant_id = p.tid AND a.user_id = p.uid"
	 " JOIN events e ON e.id = a.event_id ORDER BY a.joined_at, a.id",
	 {"event", "role", "name_in_call", "joined_at", "left_at"}},
	{"audit",
	 "SELECT a.created_at, a.action, a.detail, a.user_id = p.uid FROM " P
	 " JOIN audit_log a ON a.tenant_id = p.tid AND (a.user_id = p.uid"
	 " OR a.detail LIKE CONCAT('%', p.uuid, '%')) ORDER BY a.id",
	 {"at", "action", "detail", "by_them"}},
};

/* UTC times as the database gives them ("2026-12-07 10:00:00"), marked
 * so: the export is read outside the tenant's zone too. */
static json_t *value(vv_db_res_t *res, unsigned c)
{
	return vv_db_is_null(res, c) ? json_null() : json_string(vv_db_str(res, c));
}

/* The whole export as JSON text (malloc'd by jansson; the caller frees),
 * or NULL with *err set. */
static char *export_json(vv_req_t *r, const struct vv_admin_user *u, int *err)
{
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string("vvhome-person-export-1"));
	json_object_set_new(root, "times", json_string("UTC"));
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const struct section *s = &sections[i];
		vv_db_res_t *res = vv_db_query(vv_req_arena(r), err, s->sql,
					       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_I(u->id),
							  VV_DB_S(u->uuid)));
		if (!res) {
			json_decref(root);
			return NULL;
		}
		json_t *rows = json_array();
		while (vv_db_next(res)) {
			json_t *o = json_object();
			for (unsigned c = 0; c < 10 && s->cols[c]; c++)
				json_object_set_new(o, s->cols[c], value(res, c));
			json_array_append_new(rows, o);
		}
		/* One account: an object, not a list of one. */
		if (strcmp(s->name, "account") == 0) {
			json_t *first = json_array_get(rows, 0);
			json_object_set(root, s->name, first ? first : json_null());
			json_decref(rows);
		} else {
			json_object_set_new(root, s->name, rows);
		}
	}
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	if (!text)
		*err = VV_ERR;
	return text;
}

static int export_audit_tx(vv_arena_t *a, void *p)
{
	struct { vv_req_t *r; const struct vv_admin_user *u; } *c = p;
	return vv_audit(c->r, "user.export", vv_sprintf(a, "user=%s", c->u->uuid));
}

int vv_admin_export(vv_req_t *r)
{
	struct vv_admin_user u;
	int rc = vv_admin_load_user(r, &u);
	if (rc < 0)
		return rc;
	int err = VV_ERR;
	char *text = export_json(r, &u, &err);
	if (!text)
		return err;
	/* Who looked at whose data is itself something to account for. */
	struct { vv_req_t *r; const struct vv_admin_user *u; } c = {r, &u};
	rc = vv_db_tx(vv_req_arena(r), export_audit_tx, &c);
	if (rc < 0) {
		free(text);
		return rc;
	}
	vv_resp_header(r, "Content-Disposition",
		       vv_sprintf(vv_req_arena(r), "attachment; filename=\"person-%s.json\"", u.uuid));
	vv_resp_header(r, "Cache-Control", "no-store");
	rc = vv_resp_body(r, "application/json; charset=utf-8", text, strlen(text));
	free(text);
	return rc;
}

/* The same sections as CSV, one record per value (section, row, field,
 * value), so that sections of different shapes share one table a
 * spreadsheet reads; times UTC as in the JSON. */
int vv_admin_export_csv(vv_req_t *r)
{
	vv_arena_t *a = vv_req_arena(r);
	struct vv_admin_user u;
	int rc = vv_admin_load_user(r, &u);
	if (rc < 0)
		return rc;
	const char *lang = vv_req_lang(r);
	vv_csv_t *c = vv_csv_new(a);
	static const char *const heads[] = {"admin.export.csv.section", "admin.export.csv.row",
					    "admin.export.csv.field", "admin.export.csv.value"};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		vv_csv_field(c, vv_text(a, lang, heads[i], NULL, 0));
	vv_csv_end_row(c);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const struct section *s = &sections[i];
		int err = 0;
		vv_db_res_t *res = vv_db_query(a, &err, s->sql,
					       VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_I(u.id),
							  VV_DB_S(u.uuid)));
		if (!res)
			return err ? err : VV_ERR;
		for (int64_t n = 1; vv_db_next(res); n++) {
			for (unsigned k = 0; k < 10 && s->cols[k]; k++) {
				vv_csv_field(c, s->name);
				vv_csv_int(c, n);
				vv_csv_field(c, s->cols[k]);
				vv_csv_field(c, vv_db_str(res, k));
				vv_csv_end_row(c);
			}
		}
	}
	struct { vv_req_t *r; const struct vv_admin_user *u; } ctx = {r, &u};
	rc = vv_db_tx(a, export_audit_tx, &ctx);
	if (rc < 0)
		return rc;
	return vv_csv_send(r, c, vv_sprintf(a, "person-%s.csv", u.uuid));
}

/* --- erasure --- */

static int load_erasable(vv_req_t *r, struct vv_admin_user *u)
{
	int rc = vv_admin_load_user(r, u);
	if (rc < 0)
		return rc;
	return strcmp(u->kind, "customer") == 0 ? 0 : VV_NOTFOUND;
}

static void confirm_page(vv_req_t *r, const struct vv_admin_user *u)
{
	xmlNodePtr n = vv_xml_add(vv_page(r), "erase");
	vv_xml_attr(n, "uuid", u->uuid);
	vv_xml_attr(n, "name", vv_sprintf(vv_req_arena(r), "%s %s", u->first, u->last));
	vv_xml_attr(n, "erased", strstr(u->email, "@erased.invalid") ? "1" : "0");
}

int vv_admin_erase_form(vv_req_t *r)
{
	struct vv_admin_user u;
	int rc = load_erasable(r, &u);
	if (rc < 0)
		return rc;
	confirm_page(r, &u);
	return 200;
}

struct erase_ctx {
	vv_req_t *r;
	const struct vv_admin_user *u;
	bool busy; /* out: enrolled in an event that has not ended */
};

static int erase_tx(vv_arena_t *a, void *p)
{
	struct erase_ctx *c = p;
	const int64_t t = vv_req_tenant_id(c->r), id = c->u->id;
	/* The user row first: a second erasure at the same moment waits here
	 * and then finds the work done. */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
				       "SELECT email, CONCAT(first_name, ' ', last_name) FROM users"
				       " WHERE tenant_id = ? AND id = ? FOR UPDATE",
				       VV_DB_ARGS(VV_DB_I(t), VV_DB_I(id)));
	if (!res)
		return err;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	const char *email = vv_strdup(a, vv_db_str(res, 0));
	const char *name = vv_strdup(a, vv_db_str(res, 1));
	/* No names (erased before): REPLACE of " " would mangle every detail. */
	if (strspn(name, " ") == strlen(name))
		name = email;
	res = vv_db_query(a, &err,
			  "SELECT 1 FROM event_participants ep JOIN events e ON e.id = ep.event_id"
			  " WHERE ep.tenant_id = ? AND ep.user_id = ? AND e.status = 'scheduled'"
			  " AND e.ends_at > UTC_TIMESTAMP() LIMIT 1",
			  VV_DB_ARGS(VV_DB_I(t), VV_DB_I(id)));
	if (!res)
		return err;
	if (vv_db_next(res)) {
		c->busy = true;
		return 0;
	}
	static const char *const deletes[] = {
		"DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?",
		"DELETE FROM login_links WHERE tenant_id = ? AND user_id = ?",
		"DELETE FROM login_devices WHERE tenant_id = ? AND user_id = ?",
	};
	for (size_t i = 0; i < sizeof(deletes) / sizeof(deletes[0]); i++) {
		int64_t n = vv_db_exec(a, deletes[i], VV_DB_ARGS(VV_DB_I(t), VV_DB_I(id)));
		if (n < 0)
			return (int)n;
	}
	/* Their types and groups: the care domain's rows (no coming event to
	 * leave: refused above while there is one). */
	int rc = vv_care_customer_items(a, c->r, id, NULL, 0, NULL, 0);
	if (rc < 0)
		return rc;
	/* Throttle rows keyed to this account (core/identity/throttle.c:
	 * "acct:id:" and the lowest user id with the address). */
	int64_t n = vv_db_exec(a, "DELETE FROM login_throttle WHERE account = SHA2(CONCAT('acct:id:', ?), 256)",
			       VV_DB_ARGS(VV_DB_I(id)));
	if (n < 0)
		return (int)n;
	n = vv_db_exec(a, "DELETE FROM mail_outbox WHERE tenant_id = ? AND to_addr = ?",
			       VV_DB_ARGS(VV_DB_I(t), VV_DB_S(email)));
	if (n < 0)
		return (int)n;
	/* Their visits to calls stay for care records, without the name. */
	rc = vv_attendance_erase(a, t, id);
	if (rc < 0)
		return rc;
	/* Audit rows stay (the trail), without the address or the name some
	 * details carry (vvctl's user.create names the e-mail); the uuid in
	 * them is no personal data once the user row has none. */
	n = vv_db_exec(a,
		       "UPDATE audit_log SET detail = REPLACE(REPLACE(detail, ?, '[erased]'), ?, '[erased]')"
		       " WHERE tenant_id = ? AND (detail LIKE CONCAT('%', ?, '%') OR detail LIKE CONCAT('%', ?, '%'))",
		       VV_DB_ARGS(VV_DB_S(email), VV_DB_S(name), VV_DB_I(t), VV_DB_S(email), VV_DB_S(name)));
	if (n < 0)
		return (int)n;
	n = vv_db_exec(a,
		       "UPDATE users SET first_name = '', last_name = '',"
		       " email = CONCAT('erased-', uuid, '@erased.invalid'), password_hash = NULL,"
		       " language = NULL, active = 0, updated_at = UTC_TIMESTAMP()"
		       " WHERE tenant_id = ? AND id = ?",
		       VV_DB_ARGS(VV_DB_I(t), VV_DB_I(id)));
	if (n < 0)
		return (int)n;
	rc = vv_user_changed(a, id);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, "user.erase", vv_sprintf(a, "user=%s", c->u->uuid));
}

int vv_admin_erase_post(vv_req_t *r)
{
	struct vv_admin_user u;
	int rc = load_erasable(r, &u);
	if (rc < 0)
		return rc;
	const char *confirm = vv_req_form(r, "confirm");
	if (!confirm || strcmp(confirm, "yes") != 0) {
		vv_form_error(r, "confirm", "admin.err.erase-confirm");
	} else {
		struct erase_ctx c = {r, &u, false};
		rc = vv_db_tx(vv_req_arena(r), erase_tx, &c);
		if (rc < 0)
			return rc;
		if (!c.busy)
			return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r),
								   "/%s/admin/users/customers?done=erased",
								   vv_req_lang(r)));
		vv_form_error(r, "confirm", "admin.err.erase-busy");
	}
	confirm_page(r, &u);
	return 422;
}
