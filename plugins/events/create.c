/* Creating an event (R-EV-1..9): the form (form.c, shared with editing)
 * with its defaults, and the transaction that re-checks the contract under
 * the tenant's lock and writes the event; a refusal re-shows the form with
 * the input kept. */
#include <string.h>
#include <time.h>
#include "events.h"

int vv_events_new_form(vv_req_t *r)
{
	struct vv_contract c;
	struct vv_policy p;
	int rc = vv_contract_get(r, &c);
	if (rc == 0)
		rc = vv_policy_get(r, &p);
	if (rc != 0)
		return rc;
	int64_t cap = p.default_capacity;
	if (cap > c.max_participants)
		cap = c.max_participants;
	if (cap < 1)
		cap = 1;
	struct vv_events_form f = {0};
	f.max = vv_sprintf(vv_req_arena(r), "%d", (int)cap);
	if (vv_events_local(r, vv_slot_earliest((int64_t)time(NULL)), &f.date, &f.time) != 0)
		f.date = f.time = NULL;
	f.duration = c.max_event_minutes >= 60 ? "60" : vv_sprintf(vv_req_arena(r), "%d",
		(int)(c.max_event_minutes / 15 * 15 > 0 ? c.max_event_minutes / 15 * 15 : 15));
	const char *tl = vv_tenant_language(r);
	for (int i = 0; i < VV_LANGS; i++) {
		f.lang[i] = tl && strcmp(tl, vv_langs[i]) == 0;
		f.name[i] = f.desc[i] = "";
	}
	struct vv_events_repeat rp = {0};
	xmlNodePtr form = vv_events_render_form(r, &f, true, &rc);
	if (form)
		vv_events_render_repeat(r, form, &rp);
	return rc != 0 ? rc : 200;
}

struct ev_new {
	vv_req_t *r;
	const struct vv_events_form *f;
	struct vv_events_values v;
	const struct vv_video_ops *video;
	const char *uuid; /* out */
};

/* The row of id in table (event_types, external_groups) of the session's
 * tenant, share-locked until the end: deleting it (plugins/types) locks it
 * for update first and then counts its events, so either the deletion sees
 * this event or this one sees the row gone. 0 there; CREATE_REFUSED with
 * the message msg on field when gone; or a code. */
static int lock_shared(vv_arena_t *a, vv_req_t *r, const char *sql, int64_t id, const char *field,
		       const char *msg)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, sql,
				       VV_DB_ARGS(VV_DB_I(id), VV_DB_I(vv_req_tenant_id(r))));
	if (!res)
		return err ? err : VV_ERR;
	if (vv_db_next(res))
		return 0;
	vv_form_error(r, field, msg);
	return CREATE_REFUSED;
}

int vv_events_create_checks(vv_arena_t *a, vv_req_t *r, const struct vv_events_form *f,
			    const struct vv_events_values *v)
{
	/* R-PO-1 and the other limits again under the tenant's lock, taken first: creations (and
	 * the call's extend) take turns, so two at once cannot both pass a
	 * count that each made before the other's insert. */
	int rc = vv_contract_lock(r);
	if (rc < 0)
		return rc;
	/* The other limits again too, against the contract the lock reread:
	 * one lowered since the form was read must hold for this event. */
	rc = vv_check_capacity(r, "max", v->max);
	if (rc == 0 && f->record)
		rc = vv_check_recording(r, "record");
	if (rc == 0)
		rc = vv_check_event_length(r, "duration", v->minutes);
	if (rc == VV_INVALID)
		return CREATE_REFUSED;
	if (rc < 0)
		return rc;
	rc = lock_shared(a, r, "SELECT id FROM event_types WHERE id = ? AND tenant_id = ?"
			       " LOCK IN SHARE MODE", v->type_id, "type", "events.err.type");
	if (rc == 0 && v->group_id)
		rc = lock_shared(a, r, "SELECT id FROM external_groups WHERE id = ? AND tenant_id = ?"
				       " LOCK IN SHARE MODE", v->group_id, "group", "events.err.group");
	return rc;
}

int64_t vv_events_create_one(vv_arena_t *a, vv_req_t *r, const struct vv_video_ops *video,
			     const struct vv_events_form *f, const struct vv_events_values *v,
			     const char **uuid)
{
	*uuid = vv_uuid_new(a);
	const char *room = NULL;
	int rc = video->room_id(r, *uuid, &room);
	if (rc < 0 || !room)
		return rc < 0 ? rc : VV_ERR;
	struct vv_care_settings s;
	struct vv_care_text texts[VV_LANGS];
	vv_events_care(f, v, &s, texts);
	int64_t k = vv_care_event_create(a, r, *uuid, room, v->type_id, v->group_id, &s, texts);
	if (k < 0)
		return k;
	rc = vv_audit(r, "event.create", vv_sprintf(a, "event=%s room=%s", *uuid, room));
	return rc < 0 ? rc : k;
}

static int create_tx(vv_arena_t *a, void *p)
{
	struct ev_new *n = p;
	int rc = vv_events_create_checks(a, n->r, n->f, &n->v);
	if (rc != 0)
		return rc;
	rc = vv_check_concurrency(n->r, "time", n->v.starts, n->v.ends, 0);
	if (rc == VV_INVALID)
		return CREATE_REFUSED;
	if (rc < 0)
		return rc;
	int64_t k = vv_events_create_one(a, n->r, n->video, n->f, &n->v, &n->uuid);
	return k < 0 ? (int)k : 0;
}

int vv_events_new_post(vv_req_t *r)
{
	struct vv_events_form f = {0};
	struct vv_events_repeat rp;
	struct ev_new n = {.r = r, .f = &f};
	int rc = vv_events_read_form(r, &f, &n.v, NULL, false);
	if (rc < 0)
		return rc;
	vv_events_read_repeat(r, &rp, f.date);
	if (vv_events_slots_only(r)) {
		xmlNodePtr form = vv_events_render_form(r, &f, true, &rc);
		if (form)
			vv_events_render_repeat(r, form, &rp);
		return rc != 0 ? rc : 200;
	}
	if (vv_form_errors(r) == 0 && rp.on) {
		rc = vv_events_series_create(r, &f, &n.v, &rp, &n.uuid);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r),
				"/%s/ecare/events/%s?done=series", vv_req_lang(r), n.uuid));
	} else if (vv_form_errors(r) == 0) {
		/* The room id comes from the adapter; without one nothing is made. */
		n.video = vv_video(r);
		if (!n.video || !n.video->room_id) {
			/* 422, not 503: the core renders a page only for a 4xx, and
			 * the form must come back with the input kept. */
			vv_form_error(r, "submit", "events.err.video");
		} else {
			rc = vv_db_tx(vv_req_arena(r), create_tx, &n);
			if (rc < 0)
				return rc;
			if (rc != CREATE_REFUSED)
				return vv_resp_redirect(r, 303, vv_sprintf(vv_req_arena(r),
					"/%s/ecare/events/%s?done=created", vv_req_lang(r), n.uuid));
		}
	}
	xmlNodePtr form = vv_events_render_form(r, &f, true, &rc);
	if (form)
		vv_events_render_repeat(r, form, &rp);
	return rc != 0 ? rc : 422;
}
