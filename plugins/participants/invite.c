/* The invitation a participant added by e-mail gets (issue 16): in their
 * language, with their way in (a guest's personal link; staff sign in)
 * and the event as an .ics (METHOD:REQUEST) that calendar programs take.
 * Queued in the transaction that adds them (vv/mail.h), so a participant
 * row and its invitation exist together or not at all; the ticker sends it.
 * Links are absolute ([app] public_url): a relative one is useless in mail. */
#include <string.h>
#include "participants.h"
#include "vv/db.h"
#include "vv/ics.h"
#include "vv/mail.h"
#include "vv/text.h"
#include "vv/time.h"

/* "ma 7.12.2026 klo 10.00" as the page's own date style, in zone tz. */
static const char *when(vv_arena_t *a, const char *lang, const char *tz, int64_t t)
{
	struct vv_local l;
	if (vv_time_to_local(tz, t, &l) != 0)
		return "";
	if (strcmp(lang, "en") == 0)
		return vv_sprintf(a, "%d/%d/%d %02d:%02d", l.d, l.m, l.y, l.hh, l.mm);
	return vv_sprintf(a, "%d.%d.%d %s %02d.%02d", l.d, l.m, l.y, strcmp(lang, "sv") == 0 ? "kl." : "klo",
			  l.hh, l.mm);
}

static const char *wall_clock(vv_arena_t *a, const char *lang, const char *tz, int64_t t)
{
	struct vv_local l;
	if (vv_time_to_local(tz, t, &l) != 0)
		return "";
	return vv_sprintf(a, strcmp(lang, "en") == 0 ? "%02d:%02d" : "%02d.%02d", l.hh, l.mm);
}

const char *vv_pa_public_url(void)
{
	const char *u = vv_conf_get("app", "public_url", "");
	size_t n = u ? strlen(u) : 0;
	while (n > 0 && u[n - 1] == '/')
		n--;
	return n ? u : NULL;
}

int vv_pa_invite(vv_arena_t *a, const struct vv_pa_invitee *p)
{
	const char *base = vv_pa_public_url();
	if (!base) {
		/* Without it no link in a message would work: say so, send nothing. */
		vv_warn("participants: [app] public_url is not set; no invitation sent");
		return 0;
	}
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err,
		"SELECT e.uuid, UNIX_TIMESTAMP(e.starts_at), UNIX_TIMESTAMP(e.ends_at), t.timezone, t.name,"
		" " VV_CARE_EVENT_NAME("e.id", "?, t.language") ","
		" " VV_CARE_EVENT_TEXT("description", "e.id", "?, t.language") ","
		" UNIX_TIMESTAMP(UTC_TIMESTAMP())"
		" FROM events e JOIN tenants t ON t.id = e.tenant_id WHERE e.id = ? AND e.tenant_id = ?",
		VV_DB_ARGS(VV_DB_S(p->lang), VV_DB_S(p->lang), VV_DB_I(p->event_id), VV_DB_I(p->tenant_id)));
	if (!res)
		return err ? err : VV_ERR;
	if (!vv_db_next(res))
		return VV_NOTFOUND;
	const char *uuid = vv_db_str(res, 0), *tz = vv_db_str(res, 3), *org = vv_db_str(res, 4);
	int64_t starts = vv_db_int(res, 1, 0), ends = vv_db_int(res, 2, 0);
	const char *name = vv_db_str(res, 5) ? vv_db_str(res, 5) : "";
	const char *desc = vv_db_str(res, 6);
	const char *lang = p->lang;
	/* Guests enter with their own link; staff sign in and find it on Tiedot. */
	const char *link = p->token ? vv_sprintf(a, "%s/%s/join/p/%s", base, lang, p->token)
				    : vv_sprintf(a, "%s/%s/ecare/events/%s", base, lang, uuid);
	const char *who = p->first && *p->first ? p->first : "";
	const char *a0[] = { who };
	const char *a1[] = { name };
	const char *a2[] = { when(a, lang, tz, starts), wall_clock(a, lang, tz, ends), tz };
	const char *a3[] = { link };
	const char *a4[] = { org };
	const char *text = vv_sprintf(a, "%s\n\n%s\n%s\n\n%s%s%s\n\n%s\n\n%s\n",
		vv_text(a, lang, "invite.hello", a0, 1),
		vv_text(a, lang, "invite.invited", a1, 1),
		vv_text(a, lang, "invite.time", a2, 3),
		vv_text(a, lang, p->token ? "invite.join-guest" : "invite.join-staff", a3, 1),
		desc && *desc ? "\n\n" : "", desc && *desc ? desc : "",
		vv_text(a, lang, "invite.ics", NULL, 0),
		vv_text(a, lang, "invite.signature", a4, 1));
	const char *from = vv_conf_get("mail", "from", "");
	vv_ics_t *c = vv_ics_begin(a, "REQUEST", tz, starts, ends, NULL);
	if (!c)
		return VV_ERR;
	struct vv_ics_event ev = {
		.uid = vv_sprintf(a, "%s-%lld@vvhome", uuid, (long long)p->participant_id),
		.sequence = 0, .start = starts, .end = ends, .summary = name,
		.description = desc, .url = link, .organizer = org,
		.organizer_email = from && *from ? from : NULL, .attendee_email = p->email,
		.stamp = vv_db_int(res, 7, 0),
	};
	if (vv_ics_event(c, &ev) != 0)
		return VV_ERR;
	struct vv_mail m = {
		.tenant_id = p->tenant_id,
		.to = p->email,
		.to_name = p->first ? vv_sprintf(a, "%s %s", p->first, p->last ? p->last : "") : NULL,
		.subject = vv_text(a, lang, "invite.subject", a1, 1),
		.text = text,
		.ics = vv_ics_end(c, NULL),
		.ics_method = "REQUEST",
		.kind = "invite",
		.event_id = p->event_id,
	};
	int64_t id = vv_mail_queue(a, &m);
	return id < 0 ? (int)id : 0;
}
