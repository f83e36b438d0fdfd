/* Reminders before the start (issue 16): when a tenant sets
 * tenant_policies.reminder_minutes (Asetukset), the ticker reminds every
 * enrolled participant with an e-mail address - guests, staff, customers
 * who have one - of an event starting within that time, in their language
 * and with their way in (notice.c, VV_CARE_REMIND).
 *
 * Once per participant row: the reminder is queued in the transaction that
 * inserts the row's claim into event_reminders (its primary key), so a
 * second run, or the ticker of another host at the same moment, finds it
 * taken and sends nothing. A cancelled or ended event is not scheduled, a
 * removed participant has no row, a waiting one is not enrolled: none is
 * reminded. Someone added after the reminder time heard of the event just
 * now (the invitation, or their own enrolment) and is not reminded. */
#include <string.h>
#include "core.h"
#include "vv/care.h"
#include "vv/db.h"

/* Reminders one tick queues at most, so that other work is not kept
 * waiting; the rest go on the next tick. */
#define PER_TICK 200

struct remind_ctx {
	struct vv_care_invitee p;
	bool queued;
};

static int remind_tx(vv_arena_t *a, void *arg)
{
	struct remind_ctx *c = arg;
	int64_t n = vv_db_exec(a, "INSERT IGNORE INTO event_reminders (participant_id, event_id) VALUES (?, ?)",
			       VV_DB_ARGS(VV_DB_I(c->p.participant_id), VV_DB_I(c->p.event_id)));
	if (n <= 0)
		return (int)n; /* another run claimed it */
	/* Still enrolled in a scheduled event now that the claim holds. */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT 1 FROM event_participants p JOIN events e ON e.id = p.event_id"
		" WHERE p.id = ? AND p.status = 'enrolled' AND e.status = 'scheduled'",
		VV_DB_ARGS(VV_DB_I(c->p.participant_id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return 0;
	int rc = vv_care_notice_one(a, VV_CARE_REMIND, &c->p);
	if (rc == VV_INVALID) {
		vv_warn("reminder: participant %lld has an address the queue refuses",
			(long long)c->p.participant_id);
		return 0; /* claimed: it would be refused again */
	}
	c->queued = rc == 0;
	return rc;
}

int vv_reminder_tick(vv_arena_t *a)
{
	/* Per tenant that wants reminders, its events starting within its
	 * time (ix_events_tenant_start), their enrolled participants with an
	 * address not claimed yet. The language: the one the invitation was
	 * written in, else the user's, else the organisation's. */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT p.id, p.event_id, e.tenant_id, COALESCE(p.email, u.email),"
		" COALESCE(u.first_name, p.first_name), COALESCE(u.last_name, p.last_name), p.kind,"
		" COALESCE((SELECT o.lang FROM mail_outbox o WHERE o.event_id = p.event_id"
		"  AND o.to_addr = p.email AND o.kind = 'invite' ORDER BY o.id LIMIT 1), u.language, t.language)"
		" FROM tenant_policies tp"
		" JOIN tenants t ON t.id = tp.tenant_id"
		" JOIN events e ON e.tenant_id = tp.tenant_id AND e.status = 'scheduled'"
		"  AND e.starts_at > UTC_TIMESTAMP()"
		"  AND e.starts_at <= UTC_TIMESTAMP() + INTERVAL tp.reminder_minutes MINUTE"
		" JOIN event_participants p ON p.event_id = e.id AND p.status = 'enrolled'"
		"  AND p.created_at <= e.starts_at - INTERVAL tp.reminder_minutes MINUTE"
		" LEFT JOIN users u ON u.id = p.user_id"
		" WHERE tp.reminder_minutes > 0"
		" AND COALESCE(p.email, u.email) IS NOT NULL AND COALESCE(u.active, 1) = 1"
		" AND NOT EXISTS (SELECT 1 FROM event_reminders x WHERE x.participant_id = p.id)"
		" ORDER BY e.starts_at, p.id LIMIT ?",
		VV_DB_ARGS(VV_DB_I(PER_TICK)));
	if (!res)
		return err;
	int queued = 0;
	while (vv_db_next(res) && !vv_stopping()) {
		const char *kind = vv_db_str(res, 6);
		struct remind_ctx c = {
			.p = {
				.participant_id = vv_db_int(res, 0, 0), .event_id = vv_db_int(res, 1, 0),
				.tenant_id = vv_db_int(res, 2, 0), .email = vv_db_str(res, 3),
				.first = vv_db_str(res, 4), .last = vv_db_str(res, 5),
				.guest = kind && strcmp(kind, "guest") == 0,
				.customer = kind && strcmp(kind, "customer") == 0,
				.lang = vv_db_str(res, 7),
			},
		};
		int rc = vv_db_tx(a, remind_tx, &c);
		if (rc < 0)
			vv_warn("reminder: participant %lld: error %d", (long long)c.p.participant_id, rc);
		else if (c.queued)
			queued++;
	}
	return queued;
}
