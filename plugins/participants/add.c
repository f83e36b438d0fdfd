/* Adding and removing participants (R-PA-1..3). Every change runs in one
 * transaction that first locks the event's row: adds and removals of one
 * event take turns, so the capacity check and the enrolled counter cannot
 * race (R-EN-3). */
#include <string.h>
#include "participants.h"

/* Outcomes of the add transaction other than success. */
enum { ADD_OK = 0, ADD_FULL = 1, ADD_DUPLICATE = 2, ADD_CLOSED = 3 };

struct add_ctx {
	vv_req_t *r;
	const struct vv_pa_event *e;
	int64_t user_id;        /* 0 for a guest */
	const char *user_uuid;  /* NULL for a guest */
	const char *kind;       /* customer, staff, guest */
	const char *email, *first, *last;
	const char *token_hash; /* guests */
	const char *token;      /* guests: the link's token, for the invitation only */
	int64_t capacity;       /* out: as locked */
};

/* Locks the event row of the request's tenant (vv_care_lock) and reads
 * its capacity and whether it still takes changes (not ended or
 * cancelled since the page was loaded). 0, VV_NOTFOUND or a database code. */
static int lock_event(vv_arena_t *a, vv_req_t *r, int64_t event_id, struct vv_care_event *e)
{
	return vv_care_lock(a, event_id, vv_req_tenant_id(r), e);
}

static int add_tx(vv_arena_t *a, void *p)
{
	struct add_ctx *c = p;
	struct vv_care_event ev;
	int err = 0;
	int rc = lock_event(a, c->r, c->e->id, &ev);
	if (rc < 0)
		return rc;
	c->capacity = ev.capacity;
	if (!ev.open)
		return ADD_CLOSED;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT COUNT(*) FROM event_participants"
		" WHERE event_id = ? AND (email = ? OR user_id = ?)",
		VV_DB_ARGS(VV_DB_I(c->e->id), VV_DB_S(c->email), VV_DB_I(c->user_id)));
	if (!res || !vv_db_next(res))
		return err ? err : VV_ERR;
	if (vv_db_int(res, 0, 0) > 0)
		return ADD_DUPLICATE;
	if (strcmp(c->kind, "customer") == 0) {
		struct vv_care_count n;
		if ((rc = vv_care_count(a, c->e->id, &n)) < 0)
			return rc;
		if (n.seated >= c->capacity)
			return ADD_FULL;
	}
	const struct vv_care_row row = {
		.tenant_id = vv_req_tenant_id(c->r), .user_id = c->user_id, .kind = c->kind,
		.status = "enrolled", .email = c->email, .first = c->first, .last = c->last,
		.token_hash = c->token_hash, .added_by = vv_req_user_id(c->r),
	};
	int64_t id = vv_care_join(a, &ev, &row);
	if (id == VV_CONFLICT)
		return ADD_DUPLICATE;
	if (id < 0)
		return (int)id;
	rc = vv_event_changed(a, c->e->id);
	if (rc < 0)
		return rc;
	rc = vv_audit(c->r, "participant.add",
		      vv_sprintf(a, "event=%s participant=%lld kind=%s%s%s", c->e->uuid, (long long)id,
				 c->kind, c->user_uuid ? " user=" : "", c->user_uuid ? c->user_uuid : ""));
	if (rc < 0)
		return rc;
	/* Customers are told by their tablet (the calendar and the alarm);
	 * guests and staff by e-mail, queued with the row it tells about. */
	if (strcmp(c->kind, "customer") != 0) {
		/* The invitation (core/domain/notice.c): only here is a guest's
		 * personal link known in the clear, so only it carries the link. */
		struct vv_care_invitee inv = {
			.event_id = c->e->id, .tenant_id = vv_req_tenant_id(c->r), .participant_id = id,
			.email = c->email, .first = c->first, .last = c->last,
			.lang = vv_req_lang(c->r), .token = c->token, .guest = c->token != NULL,
		};
		rc = vv_care_notice_one(a, VV_CARE_INVITE, &inv);
	}
	return rc < 0 ? rc : ADD_OK;
}

/* The page with the add form again: the list, the user's input and the
 * messages (422), or the page of a database failure. */
static int reshow(vv_req_t *r, const struct vv_pa_event *e, const char *email, const char *first,
		  const char *last)
{
	int err = 0;
	xmlNodePtr ps = vv_pa_page(r, e, &err);
	if (!ps)
		return err ? err : VV_ERR;
	xmlNodePtr f = vv_xml_add(ps, "add");
	vv_xml_attr(f, "email", email);
	vv_xml_attr(f, "first", first);
	vv_xml_attr(f, "last", last);
	return 422;
}

struct known_user {
	int64_t id;
	const char *uuid, *role, *email, *first, *last;
	bool active;
};

/* A user of the request's tenant with this address; 1 found, 0 not, or a
 * negative code. Another tenant's user with the same address is unknown
 * here: nothing of theirs is read or enrolled. */
static int find_user(vv_req_t *r, const char *email, struct known_user *u)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(vv_req_arena(r), &err,
		"SELECT id, uuid, role, active, email, first_name, last_name FROM users"
		" WHERE tenant_id = ? AND email = ?",
		VV_DB_ARGS(VV_DB_I(vv_req_tenant_id(r)), VV_DB_S(email)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return 0;
	u->id = vv_db_int(res, 0, 0);
	u->uuid = vv_db_str(res, 1);
	u->role = vv_db_str(res, 2);
	u->active = vv_db_int(res, 3, 0) != 0;
	u->email = vv_db_str(res, 4);
	u->first = vv_db_str(res, 5);
	u->last = vv_db_str(res, 6);
	return 1;
}

int vv_pa_add(vv_req_t *r)
{
	struct vv_pa_event e;
	int rc = vv_pa_event_load(r, &e);
	if (rc < 0)
		return rc;
	vv_arena_t *a = vv_req_arena(r);
	const char *email = vv_pa_email_field(r, "email");
	struct known_user u = {0};
	int found = 0;
	if (vv_form_errors(r) == 0) {
		found = find_user(r, email, &u);
		if (found < 0)
			return found;
	}
	/* Names: optional for a user of the tenant (theirs are used), required
	 * for a guest. */
	const bool guest = vv_form_errors(r) == 0 && !found;
	const char *first = vv_form_line(r, "first_name", guest, VV_PA_NAME_MAX);
	const char *last = vv_form_line(r, "last_name", guest, VV_PA_NAME_MAX);
	if (found && !u.active)
		vv_form_error(r, "email", "participants.err.inactive");
	if (e.closed && vv_form_errors(r) == 0)
		vv_form_error(r, "email", "participants.err.closed");
	if (vv_form_errors(r) > 0)
		return reshow(r, &e, email, first, last);

	struct add_ctx c = {.r = r, .e = &e, .email = email};
	const char *token = NULL;
	if (found) {
		c.user_id = u.id;
		c.user_uuid = u.uuid;
		c.kind = strcmp(u.role, "customer") == 0 ? "customer" : "staff";
		c.email = u.email;
		c.first = u.first;
		c.last = u.last;
	} else {
		token = vv_token_new(a, 32);
		if (!token)
			return VV_ERR;
		c.kind = "guest";
		c.first = first;
		c.last = last;
		c.token_hash = vv_token_hash(a, token);
		c.token = token;
	}
	rc = vv_db_tx(a, add_tx, &c);
	if (rc < 0)
		return rc;
	switch (rc) {
	case ADD_FULL:
		vv_form_error_arg(r, "email", "participants.err.full",
				  vv_sprintf(a, "%lld", (long long)c.capacity));
		return reshow(r, &e, email, first, last);
	case ADD_DUPLICATE:
		vv_form_error(r, "email", "participants.err.duplicate");
		return reshow(r, &e, email, first, last);
	case ADD_CLOSED:
		e.closed = true;
		vv_form_error(r, "email", "participants.err.closed");
		return reshow(r, &e, email, first, last);
	default:
		break;
	}
	if (!token)
		return vv_resp_redirect(r, 303, vv_pa_details_path(r, e.uuid));
	/* The guest's link, on this response only: only its hash is stored,
	 * and it never travels in a redirect URL. */
	const char *starts = NULL;
	xmlNodePtr page = vv_page(r);
	xmlNodePtr ev = vv_xml_add(page, "event");
	vv_xml_attr(ev, "uuid", e.uuid);
	vv_xml_attr(ev, "name", vv_pa_event_name(r, e.id, &starts));
	vv_xml_attr(ev, "starts", starts);
	xmlNodePtr g = vv_xml_add(page, "guest-link");
	vv_xml_attr(g, "first", first);
	vv_xml_attr(g, "last", last);
	vv_xml_attr(g, "email", email);
	vv_xml_attr(g, "path", vv_sprintf(a, "/%s/join/p/%s", vv_req_lang(r), token));
	return 200;
}

/* ---- Removal */

struct remove_ctx {
	vv_req_t *r;
	const struct vv_pa_event *e;
	int64_t id;
};

static int remove_tx(vv_arena_t *a, void *p)
{
	struct remove_ctx *c = p;
	struct vv_care_event ev;
	int err = 0;
	int rc = lock_event(a, c->r, c->e->id, &ev);
	if (rc < 0)
		return rc;
	if (!ev.open)
		return ADD_CLOSED;
	/* Only rows of the event's (the session's) tenant: a partner tenant's
	 * customer in a shared event is theirs to cancel, not the organiser's. */
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT kind FROM event_participants"
		" WHERE id = ? AND event_id = ? AND tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(c->id), VV_DB_I(c->e->id), VV_DB_I(vv_req_tenant_id(c->r))));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	const char *kind = vv_db_str(res, 0);
	/* A freed seat goes to the first customer on the waiting list. */
	if ((rc = vv_care_leave(a, c->r, &ev, c->id)) < 0)
		return rc;
	rc = vv_event_changed(a, c->e->id);
	if (rc < 0)
		return rc;
	rc = vv_audit(c->r, "participant.remove",
		      vv_sprintf(a, "event=%s participant=%lld kind=%s", c->e->uuid, (long long)c->id,
				 kind));
	return rc < 0 ? rc : ADD_OK;
}

int vv_pa_remove(vv_req_t *r)
{
	struct vv_pa_event e;
	int rc = vv_pa_event_load(r, &e);
	if (rc < 0)
		return rc;
	const char *id = vv_req_arg(r, "id");
	struct remove_ctx c = {r, &e, 0};
	for (const char *s = id; s && *s; s++)
		c.id = c.id * 10 + (*s - '0'); /* {int}: 1-18 digits */
	if (!e.closed)
		rc = vv_db_tx(vv_req_arena(r), remove_tx, &c);
	else
		rc = ADD_CLOSED;
	if (rc < 0)
		return rc;
	if (rc == ADD_CLOSED) {
		e.closed = true;
		vv_form_error(r, "participants", "participants.err.closed");
		return reshow(r, &e, "", "", "");
	}
	return vv_resp_redirect(r, 303, vv_pa_details_path(r, e.uuid));
}
