/* vv/care.h: writing an event's row and its texts - created, edited,
 * cancelled, ended, extended. Whoever changes it calls here, so the
 * alarm copies (vv_event_changed) and the waiting list (a raised maximum)
 * follow every change the same way. */
#include "core.h"
#include "vv/care.h"
#include "vv/changes.h"

int64_t vv_care_event_create(vv_arena_t *a, vv_req_t *r, const char *uuid, const char *room_id,
			     int64_t type_id, int64_t group_id, const struct vv_care_settings *s,
			     const struct vv_care_text *texts)
{
	int64_t k = vv_db_exec(a,
		"INSERT INTO events (uuid, tenant_id, type_id, group_id, creator_id, max_participants,"
		" record, forced_answer, starts_at, ends_at, duration_minutes, room_id, status,"
		" created_at)"
		" VALUES (?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?,"
		" 'scheduled', UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_S(uuid), VV_DB_I(r->tenant_id), VV_DB_I(type_id),
			   VV_DB_I(group_id), VV_DB_I(r->user_id), VV_DB_I(s->max),
			   VV_DB_I(s->record ? 1 : 0), VV_DB_I(s->forced ? 1 : 0),
			   VV_DB_I(s->starts), VV_DB_I(s->ends), VV_DB_I(s->minutes),
			   VV_DB_S(room_id)));
	if (k < 0)
		return k;
	int64_t id = vv_db_insert_id();
	int rc = vv_care_event_texts(a, id, texts, false);
	return rc < 0 ? rc : id;
}

int vv_care_event_update(vv_arena_t *a, vv_req_t *r, int64_t event_id,
			 const struct vv_care_settings *s)
{
	struct vv_care_event e;
	int rc = vv_care_lock(a, event_id, r->tenant_id, &e);
	if (rc < 0)
		return rc;
	int64_t n = vv_db_exec(a,
		"UPDATE events SET record = ?, forced_answer = ?,"
		" starts_at = FROM_UNIXTIME(?), ends_at = FROM_UNIXTIME(?), duration_minutes = ?"
		" WHERE id = ? AND tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(s->record ? 1 : 0), VV_DB_I(s->forced ? 1 : 0),
			   VV_DB_I(s->starts), VV_DB_I(s->ends), VV_DB_I(s->minutes),
			   VV_DB_I(event_id), VV_DB_I(r->tenant_id)));
	if (n < 0)
		return (int)n;
	return vv_care_set_capacity(a, r, &e, s->max);
}

int vv_care_set_capacity(vv_arena_t *a, vv_req_t *r, struct vv_care_event *e, int64_t max)
{
	int64_t n = vv_db_exec(a, "UPDATE events SET max_participants = ? WHERE id = ?",
			       VV_DB_ARGS(VV_DB_I(max), VV_DB_I(e->id)));
	if (n < 0)
		return (int)n;
	if (max > e->capacity) {
		/* Waiting customers take the seats a raised maximum adds, as when
		 * a cancellation frees one. */
		e->capacity = max;
		int rc = vv_care_promote(a, r, e);
		if (rc < 0)
			return rc;
	}
	e->capacity = max;
	return vv_event_changed(a, e->id);
}

int vv_care_event_texts(vv_arena_t *a, int64_t event_id, const struct vv_care_text *texts,
			bool replace)
{
	for (int i = 0; i < VV_LANGS; i++) {
		const struct vv_care_text *t = &texts[i];
		const char *desc = t->description && *t->description ? t->description : NULL;
		int64_t k;
		if (!t->name)
			k = replace ? vv_db_exec(a, "DELETE FROM event_texts WHERE event_id = ? AND language = ?",
						 VV_DB_ARGS(VV_DB_I(event_id),
							    VV_DB_S(vv_langs[i]))) : 0;
		else
			k = vv_db_exec(a, replace ?
				"INSERT INTO event_texts (event_id, language, name, description) VALUES (?, ?, ?, ?)"
				" ON DUPLICATE KEY UPDATE name = VALUES(name), description = VALUES(description)" :
				"INSERT INTO event_texts (event_id, language, name, description) VALUES (?, ?, ?, ?)",
				VV_DB_ARGS(VV_DB_I(event_id), VV_DB_S(vv_langs[i]),
					   VV_DB_S(t->name), VV_DB_S(desc)));
		if (k < 0)
			return (int)k;
	}
	return vv_event_changed(a, event_id); /* the calendars show the texts */
}

int vv_care_event_cancel(vv_arena_t *a, int64_t tenant_id, int64_t event_id)
{
	int64_t n = vv_db_exec(a,
		"UPDATE events SET status = 'cancelled', cancelled_at = UTC_TIMESTAMP()"
		" WHERE id = ? AND tenant_id = ? AND status <> 'cancelled'",
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(tenant_id)));
	if (n <= 0)
		return (int)n;
	int rc = vv_event_changed(a, event_id);
	return rc < 0 ? rc : 1;
}

int vv_care_event_end(vv_arena_t *a, int64_t event_id, bool only_past)
{
	int64_t n = vv_db_exec(a,
		"UPDATE events SET status = 'ended' WHERE id = ? AND status = 'scheduled'"
		" AND (? = 0 OR ends_at <= UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(only_past ? 1 : 0)));
	if (n <= 0)
		return (int)n;
	int rc = vv_event_changed(a, event_id);
	return rc < 0 ? rc : 1;
}

int vv_care_event_extend(vv_arena_t *a, int64_t tenant_id, int64_t event_id, int64_t new_end,
			 int64_t minutes)
{
	int64_t n = vv_db_exec(a,
		"UPDATE events SET ends_at = FROM_UNIXTIME(?), duration_minutes = duration_minutes + ?"
		" WHERE id = ? AND tenant_id = ?",
		VV_DB_ARGS(VV_DB_I(new_end), VV_DB_I(minutes), VV_DB_I(event_id),
			   VV_DB_I(tenant_id)));
	if (n < 0)
		return (int)n;
	return vv_event_changed(a, event_id);
}

/* The claim is a time in the row, not a lock: a ticker that died lets it
 * run out, and it works across hosts and Galera nodes alike. */
bool vv_care_recording_claim(vv_arena_t *a, int64_t event_id, int claim_minutes, bool renew)
{
	int64_t n = vv_db_exec(a, renew
		? "UPDATE events SET convert_until = UTC_TIMESTAMP() + INTERVAL ? MINUTE WHERE id = ?"
		: "UPDATE events SET convert_until = UTC_TIMESTAMP() + INTERVAL ? MINUTE WHERE id = ?"
		  " AND session_video IS NULL AND (convert_until IS NULL OR convert_until < UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_I(claim_minutes), VV_DB_I(event_id)));
	return n == 1 || (renew && n == 0); /* a renewal within the same second changes nothing */
}

void vv_care_recording_release(vv_arena_t *a, int64_t event_id)
{
	vv_db_exec(a, "UPDATE events SET convert_until = NULL WHERE id = ?", VV_DB_ARGS(VV_DB_I(event_id)));
}

int vv_care_recording_done(vv_arena_t *a, int64_t event_id, const char *file)
{
	int64_t n = vv_db_exec(a, "UPDATE events SET session_video = ? WHERE id = ? AND session_video IS NULL",
			       VV_DB_ARGS(VV_DB_S(file), VV_DB_I(event_id)));
	return n < 0 ? (int)n : 0;
}
