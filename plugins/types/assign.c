/* Who sees what: per event type, which of the tenant's customers (R-TY-2);
 * per group shared with the tenant, which of its customers (R-TY-4); and
 * per customer, which types and shared groups. Saving replaces the set.
 * Only values the page offered are accepted: anything else refuses the
 * whole form (422) and stores nothing. */
#include <string.h>
#include "types.h"

/* One checkbox: the row's id, the value sent (a uuid), its label, a
 * detail (e-mail, organiser) and whether it is on. */
struct opt {
	int64_t id;
	const char *value, *label, *detail;
	bool on;
};

/* Reads the result of a query with the columns id, uuid, label, detail,
 * on into an array; NULL on failure. */
static struct opt *opts_read(vv_arena_t *a, vv_db_res_t *res, size_t *n)
{
	if (!res)
		return NULL;
	struct opt *o = vv_alloc(a, (vv_db_rows(res) + 1) * sizeof(*o));
	size_t k = 0;
	while (vv_db_next(res)) {
		o[k].id = vv_db_int(res, 0, 0);
		o[k].value = vv_db_str(res, 1);
		o[k].label = vv_db_str(res, 2);
		o[k].detail = vv_db_str(res, 3);
		o[k].on = vv_db_int(res, 4, 0) != 0;
		k++;
	}
	*n = k;
	return o;
}

/* The values of checkbox field `field` as row ids (each once) into *ids;
 * false when one of them is not among the options. */
static bool opts_pick(vv_req_t *r, const char *field, struct opt *o, size_t n, int64_t **ids,
		      size_t *k, const char ***chosen, size_t *nc)
{
	vv_arena_t *a = vv_req_arena(r);
	size_t m = vv_req_form_all(r, field, NULL, 0);
	const char **v = vv_alloc(a, (m + 1) * sizeof(*v));
	m = vv_req_form_all(r, field, v, m);
	*ids = vv_alloc(a, (m + 1) * sizeof(**ids));
	*k = 0;
	*chosen = v;
	*nc = m;
	bool ok = true;
	for (size_t i = 0; i < m; i++) {
		size_t j = 0;
		while (j < n && strcmp(o[j].value, v[i]) != 0)
			j++;
		if (j == n) {
			ok = false;
			continue;
		}
		bool dup = false;
		for (size_t q = 0; q < *k; q++)
			dup = dup || (*ids)[q] == o[j].id;
		if (!dup)
			(*ids)[(*k)++] = o[j].id;
	}
	return ok;
}

/* <option field value label detail checked/> per option; chosen (when not
 * NULL) replaces what is stored, so a refused form keeps the user's ticks. */
static void opts_xml(xmlNodePtr parent, const char *field, const struct opt *o, size_t n,
		     const char **chosen, size_t nc)
{
	for (size_t i = 0; i < n; i++) {
		bool on = o[i].on;
		if (chosen) {
			on = false;
			for (size_t j = 0; j < nc && !on; j++)
				on = strcmp(chosen[j], o[i].value) == 0;
		}
		xmlNodePtr x = vv_xml_add(parent, "option");
		vv_xml_attr(x, "field", field);
		vv_xml_attr(x, "value", o[i].value);
		vv_xml_attr(x, "label", o[i].label);
		vv_xml_attr(x, "detail", o[i].detail);
		vv_xml_attr(x, "checked", on ? "1" : "0");
	}
}

static xmlNodePtr choose_page(vv_req_t *r, const char *kind, const char *uuid, const char *name,
			      const char *owner)
{
	xmlNodePtr c = vv_xml_add(vv_page(r), "choose");
	vv_xml_attr(c, "kind", kind);
	vv_xml_attr(c, "uuid", uuid);
	vv_xml_attr(c, "name", name);
	vv_xml_attr(c, "owner", owner);
	return c;
}

/* ---- Customers of a type, customers of a shared group */

/* The tenant's active customers, with "on" from table (type_customers or
 * group_customers) for the row id. */
static struct opt *customers(vv_req_t *r, bool group, int64_t id, size_t *n, int *err)
{
	const char *sql = group
		? "SELECT u.id, u.uuid, CONCAT(u.first_name, ' ', u.last_name), u.email,"
		  " EXISTS (SELECT 1 FROM group_customers x WHERE x.tenant_id = u.tenant_id"
		  "   AND x.group_id = ? AND x.user_id = u.id)"
		  " FROM users u WHERE u.tenant_id = ? AND u.role = 'customer' AND u.active = 1"
		  " ORDER BY u.last_name" VV_NAME_ORDER ", u.first_name" VV_NAME_ORDER ", u.id"
		: "SELECT u.id, u.uuid, CONCAT(u.first_name, ' ', u.last_name), u.email,"
		  " EXISTS (SELECT 1 FROM type_customers x WHERE x.tenant_id = u.tenant_id"
		  "   AND x.type_id = ? AND x.user_id = u.id)"
		  " FROM users u WHERE u.tenant_id = ? AND u.role = 'customer' AND u.active = 1"
		  " ORDER BY u.last_name" VV_NAME_ORDER ", u.first_name" VV_NAME_ORDER ", u.id";
	vv_arena_t *a = vv_req_arena(r);
	return opts_read(a, vv_db_query(a, err, sql,
					VV_DB_ARGS(VV_DB_I(id), VV_DB_I(vv_req_tenant_id(r)))), n);
}

struct set_ctx {
	vv_req_t *r;
	bool group;
	const struct vv_types_item *it;
	const int64_t *ids;
	size_t k;
};

static int set_customers_tx(vv_arena_t *a, void *p)
{
	struct set_ctx *c = p;
	/* The active customers' choices are replaced (a deactivated
	 * customer's stay); one taken off leaves the coming events they no
	 * longer see. */
	int rc = vv_care_item_customers(a, c->r, c->group ? VV_CARE_GROUP : VV_CARE_TYPE, c->it->id,
					c->ids, c->k);
	if (rc < 0)
		return rc;
	return vv_audit(c->r, c->group ? "group.customers" : "type.customers",
			vv_sprintf(a, "%s=%s customers=%zu", c->group ? "group" : "type", c->it->uuid,
				   c->k));
}

static int customers_form(vv_req_t *r, bool group)
{
	struct vv_types_item it = {0};
	int rc = group ? vv_types_load_shared(r, &it) : vv_types_load_type(r, &it);
	if (rc < 0)
		return rc;
	size_t n = 0;
	int err = 0;
	struct opt *o = customers(r, group, it.id, &n, &err);
	if (!o)
		return err ? err : VV_ERR;
	vv_types_flash(r);
	opts_xml(choose_page(r, group ? "shared" : "type", it.uuid, it.name, it.owner), "customer",
		 o, n, NULL, 0);
	return 200;
}

static int customers_post(vv_req_t *r, bool group)
{
	struct vv_types_item it = {0};
	int rc = group ? vv_types_load_shared(r, &it) : vv_types_load_type(r, &it);
	if (rc < 0)
		return rc;
	size_t n = 0, k = 0, nc = 0;
	int err = 0;
	struct opt *o = customers(r, group, it.id, &n, &err);
	if (!o)
		return err ? err : VV_ERR;
	int64_t *ids;
	const char **chosen;
	if (opts_pick(r, "customer", o, n, &ids, &k, &chosen, &nc)) {
		struct set_ctx c = {r, group, &it, ids, k};
		rc = vv_db_tx(vv_req_arena(r), set_customers_tx, &c);
		if (rc < 0)
			return rc;
		const char *back = group ? "shared/%s/customers?done=saved" : "types/%s/customers?done=saved";
		return vv_resp_redirect(r, 303,
			vv_types_path(r, vv_sprintf(vv_req_arena(r), back, it.uuid)));
	}
	vv_form_error(r, "customers", "types.err.unknown-customer");
	opts_xml(choose_page(r, group ? "shared" : "type", it.uuid, it.name, it.owner), "customer",
		 o, n, chosen, nc);
	return 422;
}

int vv_types_type_customers_form(vv_req_t *r)
{
	return customers_form(r, false);
}

int vv_types_type_customers_post(vv_req_t *r)
{
	return customers_post(r, false);
}

int vv_types_shared_customers_form(vv_req_t *r)
{
	return customers_form(r, true);
}

int vv_types_shared_customers_post(vv_req_t *r)
{
	return customers_post(r, true);
}

/* ---- The types and shared groups one customer sees */

struct customer {
	int64_t id;
	const char *uuid, *name;
	struct opt *types, *groups;
	size_t nt, ng;
};

/* The customer named by {uuid}, of this tenant only, with the options. */
static int load_customer(vv_req_t *r, struct customer *c)
{
	vv_arena_t *a = vv_req_arena(r);
	const int64_t me = vv_req_tenant_id(r);
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT id, uuid, CONCAT(first_name, ' ', last_name) FROM users"
		" WHERE tenant_id = ? AND uuid = ? AND role = 'customer'",
		VV_DB_ARGS(VV_DB_I(me), VV_DB_S(vv_req_arg(r, "uuid"))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	c->id = vv_db_int(res, 0, 0);
	c->uuid = vv_db_str(res, 1);
	c->name = vv_db_str(res, 2);
	c->types = opts_read(a, vv_db_query(a, &err,
		"SELECT t.id, t.uuid, t.name, NULL, EXISTS (SELECT 1 FROM type_customers x"
		"  WHERE x.tenant_id = t.tenant_id AND x.type_id = t.id AND x.user_id = ?)"
		" FROM event_types t WHERE t.tenant_id = ? ORDER BY t.name" VV_NAME_ORDER ", t.id",
		VV_DB_ARGS(VV_DB_I(c->id), VV_DB_I(me))), &c->nt);
	if (!c->types)
		return err ? err : VV_ERR;
	c->groups = opts_read(a, vv_db_query(a, &err,
		"SELECT g.id, g.uuid, g.name, o.name, EXISTS (SELECT 1 FROM group_customers x"
		"  WHERE x.tenant_id = s.tenant_id AND x.group_id = g.id AND x.user_id = ?)"
		" FROM group_shares s JOIN external_groups g ON g.id = s.group_id"
		" JOIN tenants o ON o.id = g.tenant_id"
		" WHERE s.tenant_id = ? AND g.tenant_id <> s.tenant_id ORDER BY g.name" VV_NAME_ORDER ", g.id",
		VV_DB_ARGS(VV_DB_I(c->id), VV_DB_I(me))), &c->ng);
	if (!c->groups)
		return err ? err : VV_ERR;
	return 0;
}

int vv_types_customer_form(vv_req_t *r)
{
	struct customer c;
	int rc = load_customer(r, &c);
	if (rc < 0)
		return rc;
	vv_types_flash(r);
	xmlNodePtr p = choose_page(r, "customer", c.uuid, c.name, NULL);
	opts_xml(p, "type", c.types, c.nt, NULL, 0);
	opts_xml(p, "group", c.groups, c.ng, NULL, 0);
	return 200;
}

struct customer_ctx {
	vv_req_t *r;
	const struct customer *c;
	const int64_t *types, *groups;
	size_t nt, ng;
};

static int customer_tx(vv_arena_t *a, void *p)
{
	struct customer_ctx *x = p;
	int rc = vv_care_customer_items(a, x->r, x->c->id, x->types, x->nt, x->groups, x->ng);
	if (rc < 0)
		return rc;
	return vv_audit(x->r, "customer.types",
			vv_sprintf(a, "user=%s types=%zu groups=%zu", x->c->uuid, x->nt, x->ng));
}

int vv_types_customer_post(vv_req_t *r)
{
	struct customer c;
	int rc = load_customer(r, &c);
	if (rc < 0)
		return rc;
	struct customer_ctx x = {r, &c, NULL, NULL, 0, 0};
	int64_t *types, *groups;
	const char **ct, **cg;
	size_t nct, ncg;
	bool ok_t = opts_pick(r, "type", c.types, c.nt, &types, &x.nt, &ct, &nct);
	bool ok_g = opts_pick(r, "group", c.groups, c.ng, &groups, &x.ng, &cg, &ncg);
	if (ok_t && ok_g) {
		x.types = types;
		x.groups = groups;
		rc = vv_db_tx(vv_req_arena(r), customer_tx, &x);
		if (rc < 0)
			return rc;
		return vv_resp_redirect(r, 303, vv_types_path(r,
			vv_sprintf(vv_req_arena(r), "customers/%s/types?done=saved", c.uuid)));
	}
	if (!ok_t)
		vv_form_error(r, "types", "types.err.unknown-type");
	if (!ok_g)
		vv_form_error(r, "groups", "types.err.unknown-group");
	xmlNodePtr p = choose_page(r, "customer", c.uuid, c.name, NULL);
	opts_xml(p, "type", c.types, c.nt, ct, nct);
	opts_xml(p, "group", c.groups, c.ng, cg, ncg);
	return 422;
}
