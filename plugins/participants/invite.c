/* The invitation a participant added by e-mail on Tiedot gets (issue 16):
 * the domain writes and queues it (vv_care_notice_one, core/domain/
 * notice.c) in the transaction that adds them, so a participant row and
 * its invitation exist together or not at all. Only here is a guest's
 * personal link known in the clear, so only the invitation carries it. */
#include "participants.h"

int vv_pa_invite(vv_arena_t *a, const struct vv_pa_invitee *p)
{
	struct vv_care_invitee inv = {
		.event_id = p->event_id, .tenant_id = p->tenant_id, .participant_id = p->participant_id,
		.email = p->email, .first = p->first, .last = p->last, .lang = p->lang,
		.token = p->token, .guest = p->token != NULL,
	};
	return vv_care_notice_one(a, VV_CARE_INVITE, &inv);
}
