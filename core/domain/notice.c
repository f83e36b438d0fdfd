/* vv/care.h, telling participants by e-mail: the invitation when someone
 * is added by e-mail, an update (SEQUENCE + 1) when the event's time or
 * name changes, a cancellation (METHOD:CANCEL) when it is removed. Guests
 * and staff get them; customers are told by their tablet. Each message is
 * a plain text in the reader's language with the event as an .ics, queued
 * (vv/mail.h) in the transaction of the change it tells about.
 *
 * One calendar entry per person and event: its UID is the event's uuid
 * and the participant row's id, its SEQUENCE the number of messages sent
 * before about it, so a calendar program replaces the entry it has. A
 * guest's personal link is in the invitation only: it is stored hashed and
 * cannot be written again; later messages say that link still works.
 * A reminder (reminder.c) is text only: the calendar entry is there. */
#include "core.h"
#include "vv/care.h"
#include "vv/db.h"
#include "vv/ics.h"
#include "vv/mail.h"
#include "vv/text.h"

/* The core's own wording of a time for lang in tz (the pages' vv:datetime). */
static const char *when(vv_arena_t *a, const char *lang, const char *tz, int64_t t, const char *style)
{
	char buf[64];
	return vv_format_datetime(buf, sizeof(buf), t, tz, lang, style) == 0 ? vv_strdup(a, buf) : "";
}

static const char *kind_name(enum vv_care_notice k)
{
	return k == VV_CARE_INVITE ? "invite" : k == VV_CARE_UPDATE ? "update"
	     : k == VV_CARE_REMIND ? "reminder" : "cancel";
}

int vv_care_notice_one(vv_arena_t *a, enum vv_care_notice kind, const struct vv_care_invitee *p)
{
	const char *base = vv_public_url(a);
	if (!base) {
		/* Without it no link in a message would work: say so, send nothing. */
		vv_warn("care: [app] public_url is not set; no %s sent", kind_name(kind));
		return 0;
	}
	const char *lang = p->lang;
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT e.uuid, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at), t.timezone, t.name,"
		" " VV_CARE_EVENT_NAME("e.id", "?, t.language") ","
		" " VV_CARE_EVENT_TEXT("description", "e.id", "?, t.language") ","
		" UNIX_TIMESTAMP(UTC_TIMESTAMP()),"
		" (SELECT COUNT(*) FROM mail_outbox o WHERE o.event_id = e.id AND o.to_addr = ?"
		"  AND o.kind IN ('invite', 'update'))"
		" FROM events e JOIN tenants t ON t.id = e.tenant_id WHERE e.id = ? AND e.tenant_id = ?",
		VV_DB_ARGS(VV_DB_S(lang), VV_DB_S(lang), VV_DB_S(p->email), VV_DB_I(p->event_id),
			   VV_DB_I(p->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	const char *uuid = vv_db_str(res, 0), *tz = vv_db_str(res, 3), *org = vv_db_str(res, 4);
	int64_t starts = vv_db_int(res, 1, 0), ends = vv_db_int(res, 2, 0);
	const char *name = vv_db_str(res, 5) ? vv_db_str(res, 5) : "";
	const char *desc = vv_db_str(res, 6);
	int sequence = (int)vv_db_int(res, 8, 0);
	/* A guest's way in is their personal link (in the invitation only);
	 * staff sign in and find the event on Tiedot, a customer in their
	 * calendar. */
	const char *link = p->token ? vv_sprintf(a, "%s/%s/join/p/%s", base, lang, p->token)
		: p->guest ? NULL
		: p->customer ? vv_sprintf(a, "%s/%s/ecare/index/event/%s", base, lang, uuid)
		: vv_sprintf(a, "%s/%s/ecare/events/%s", base, lang, uuid);
	const char *a_who[] = { p->first && *p->first ? p->first : "" };
	const char *a_name[] = { name };
	const char *a_time[] = { when(a, lang, tz, starts, "full"), when(a, lang, tz, ends, "end"), tz };
	const char *a_link[] = { link };
	const char *a_org[] = { org };
	const char *lead = kind == VV_CARE_INVITE ? "invite.invited"
			 : kind == VV_CARE_UPDATE ? "invite.changed"
			 : kind == VV_CARE_REMIND ? "invite.reminder" : "invite.cancelled";
	const char *way = kind == VV_CARE_CANCEL ? NULL
			: p->token ? "invite.join-guest" : p->guest ? "invite.join-same"
			: p->customer ? "invite.join-customer" : "invite.join-staff";
	const char *ics_note = kind == VV_CARE_REMIND ? NULL
			     : kind == VV_CARE_CANCEL ? "invite.ics-cancel" : "invite.ics";
	const char *text = vv_sprintf(a, "%s\n\n%s\n%s\n\n%s%s%s%s%s%s\n",
		vv_text(a, lang, "invite.hello", a_who, 1),
		vv_text(a, lang, lead, a_name, 1),
		vv_text(a, lang, "invite.time", a_time, 3),
		way ? vv_text(a, lang, way, a_link, 1) : "", way ? "\n\n" : "",
		desc && *desc && kind != VV_CARE_CANCEL ? vv_sprintf(a, "%s\n\n", desc) : "",
		ics_note ? vv_text(a, lang, ics_note, NULL, 0) : "", ics_note ? "\n\n" : "",
		vv_text(a, lang, "invite.signature", a_org, 1));
	const char *subject_key = kind == VV_CARE_INVITE ? "invite.subject"
				: kind == VV_CARE_UPDATE ? "invite.subject-changed"
				: kind == VV_CARE_REMIND ? "invite.subject-reminder" : "invite.subject-cancelled";
	struct vv_mail m = {
		.tenant_id = p->tenant_id,
		.to = p->email,
		.to_name = p->first ? vv_sprintf(a, "%s %s", p->first, p->last ? p->last : "") : NULL,
		.subject = vv_text(a, lang, subject_key, a_name, 1),
		.text = text,
		.kind = kind_name(kind),
		.lang = lang,
		.event_id = p->event_id,
	};
	if (kind == VV_CARE_REMIND) {
		int64_t id = vv_mail_queue(a, &m);
		return id < 0 ? (int)id : 0;
	}
	const char *method = kind == VV_CARE_CANCEL ? "CANCEL" : "REQUEST";
	const char *from = vv_conf_get("mail", "from", "");
	vv_ics_t *c = vv_ics_begin(a, method, tz, starts, ends, NULL);
	if (!c)
		return VV_ERR;
	struct vv_ics_event ev = {
		.uid = vv_sprintf(a, "%s-%lld@vvhome", uuid, (long long)p->participant_id),
		.sequence = sequence, .start = starts, .end = ends, .summary = name,
		.description = desc, .url = link, .organizer = org,
		.organizer_email = from && *from ? from : NULL, .attendee_email = p->email,
		.cancelled = kind == VV_CARE_CANCEL, .stamp = vv_db_int(res, 7, 0),
	};
	if (vv_ics_event(c, &ev) != 0)
		return VV_ERR;
	m.ics = vv_ics_end(c, NULL);
	m.ics_method = method;
	int64_t id = vv_mail_queue(a, &m);
	return id < 0 ? (int)id : 0;
}

int vv_care_notify(vv_arena_t *a, int64_t tenant_id, int64_t event_id, enum vv_care_notice kind)
{
	/* Everyone told before (the invitation went out), in the language they
	 * were told in; a staff member in their own language when set. */
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT p.id, p.email, COALESCE(u.first_name, p.first_name), COALESCE(u.last_name, p.last_name),"
		" p.kind = 'guest',"
		" COALESCE((SELECT o.lang FROM mail_outbox o WHERE o.event_id = p.event_id"
		"  AND o.to_addr = p.email AND o.kind = 'invite' ORDER BY o.id LIMIT 1), u.language, t.language)"
		" FROM event_participants p JOIN events e ON e.id = p.event_id"
		" JOIN tenants t ON t.id = e.tenant_id LEFT JOIN users u ON u.id = p.user_id"
		" WHERE p.event_id = ? AND e.tenant_id = ? AND p.kind IN ('guest', 'staff')"
		" AND p.status = 'enrolled' AND p.email IS NOT NULL"
		" AND EXISTS (SELECT 1 FROM mail_outbox o WHERE o.event_id = p.event_id"
		"  AND o.to_addr = p.email AND o.kind = 'invite')"
		" ORDER BY p.id",
		VV_DB_ARGS(VV_DB_I(event_id), VV_DB_I(tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	while (vv_db_next(res)) {
		struct vv_care_invitee p = {
			.event_id = event_id, .tenant_id = tenant_id, .participant_id = vv_db_int(res, 0, 0),
			.email = vv_db_str(res, 1), .first = vv_db_str(res, 2), .last = vv_db_str(res, 3),
			.guest = vv_db_int(res, 4, 0) != 0, .lang = vv_db_str(res, 5),
		};
		int rc = vv_care_notice_one(a, kind, &p);
		if (rc < 0 && rc != VV_INVALID)
			return rc;
	}
	return 0;
}
