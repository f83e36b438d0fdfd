/* vv/mail.h: the mail queue (schema/013_mail.sql) and its sending by the
 * ticker. A message is queued in the caller's transaction; the ticker
 * claims due rows one at a time (an UPDATE that only one host can win),
 * hands each to the relay (smtp.c) and records the outcome: sent, or tried
 * again later with a growing pause, or failed for good. */
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>
#include "core.h"
#include "mail/smtp.h"
#include "vv/db.h"
#include "vv/mail.h"

/* Pauses before the 2nd, 3rd ... try; after the last, the row is failed. */
static const int retry_minutes[] = { 1, 5, 15, 60, 240, 720, 1440 };
#define MAX_ATTEMPTS ((int)(sizeof(retry_minutes) / sizeof(retry_minutes[0])) + 1)
/* A claim outlives the slowest send (connect 10 s + [mail] timeout). */
#define CLAIM_MINUTES 5
/* Rows one tick sends at most, so that other ticks are not kept waiting. */
#define PER_TICK 100

static bool addr_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 254)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == '"' || *p == ',')
			return false;
	return true;
}

static bool line_ok(const char *s)
{
	return s && !strpbrk(s, "\r\n");
}

int vv_mail_configured(void)
{
	const char *relay = vv_conf_get("mail", "relay", "");
	return relay && *relay;
}

int64_t vv_mail_queue(vv_arena_t *a, const struct vv_mail *m)
{
	if (!m || m->tenant_id <= 0 || !addr_ok(m->to) || !line_ok(m->subject) || !*m->subject ||
	    !m->text || !m->kind || (m->to_name && !line_ok(m->to_name)) ||
	    (m->lang && strlen(m->lang) != 2) ||
	    strlen(m->subject) > 300)
		return VV_INVALID;
	int64_t n = vv_db_exec(a,
		"INSERT INTO mail_outbox (tenant_id, event_id, kind, lang, to_addr, to_name, subject,"
		" body_text, ics, ics_method, next_try_at)"
		" VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
		VV_DB_ARGS(VV_DB_I(m->tenant_id), VV_DB_I(m->event_id), VV_DB_S(m->kind), VV_DB_S(m->lang),
			   VV_DB_S(m->to), VV_DB_S(m->to_name), VV_DB_S(m->subject),
			   VV_DB_S(m->text), VV_DB_S(m->ics), VV_DB_S(m->ics_method)));
	if (n < 0)
		return n;
	return vv_db_insert_id();
}

/* The relay's password: password_file's first line, or password. */
static const char *relay_password(vv_arena_t *a)
{
	const char *file = vv_conf_get("mail", "password_file", "");
	if (!file || !*file)
		return vv_conf_get("mail", "password", "");
	FILE *f = fopen(file, "r");
	if (!f) {
		vv_warn("mail: cannot read password_file %s", file);
		return "";
	}
	char buf[512] = "";
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return vv_strdup(a, buf);
}

static enum vv_smtp_tls tls_mode(void)
{
	const char *t = vv_conf_get("mail", "tls", "required");
	if (strcmp(t, "off") == 0)
		return VV_SMTP_TLS_OFF;
	if (strcmp(t, "try") == 0)
		return VV_SMTP_TLS_TRY;
	return VV_SMTP_TLS_REQUIRED;
}

static const char *message_id(vv_arena_t *a, const char *from)
{
	uuid_t u;
	char s[37];
	uuid_generate_random(u);
	uuid_unparse_lower(u, s);
	const char *at = strchr(from, '@');
	return vv_sprintf(a, "<%s%s>", s, at ? at : "@vvhome.invalid");
}

/* Sends the claimed row id; records the outcome. */
static void send_one(vv_arena_t *a, int64_t id)
{
	int err = 0;
	vv_db_res_t *r = vv_db_query(a, &err,
		"SELECT o.to_addr, o.to_name, o.subject, o.body_text, o.ics, o.ics_method, o.attempts,"
		" t.name FROM mail_outbox o JOIN tenants t ON t.id = o.tenant_id WHERE o.id = ?",
		VV_DB_ARGS(VV_DB_I(id)));
	if (!r || !vv_db_next(r))
		return;
	const char *from = vv_conf_get("mail", "from", "");
	struct vv_smtp_msg m = {
		.relay = vv_conf_get("mail", "relay", ""),
		.tls = tls_mode(),
		.user = vv_conf_get("mail", "user", ""),
		.password = relay_password(a),
		.timeout_s = vv_conf_int("mail", "timeout_seconds", 60),
		.from = from,
		.from_name = vv_db_str(r, 7),
		.to = vv_db_str(r, 0),
		.to_name = vv_db_str(r, 1),
		.subject = vv_db_str(r, 2),
		.message_id = message_id(a, from),
		.text = vv_db_str(r, 3),
		.ics = vv_db_str(r, 4),
		.ics_method = vv_db_str(r, 5),
	};
	int attempts = (int)vv_db_int(r, 6, 1);
	char why[300];
	int rc = vv_smtp_send(a, &m, why, sizeof(why));
	if (rc == VV_OK) {
		vv_db_exec(a, "UPDATE mail_outbox SET status = 'sent', sent_at = UTC_TIMESTAMP(),"
			   " claimed_until = NULL, last_error = NULL WHERE id = ?",
			   VV_DB_ARGS(VV_DB_I(id)));
		vv_info("mail: sent message %lld", (long long)id);
		return;
	}
	/* The address is not logged: it is personal data; the id finds it. */
	if (rc == VV_INVALID || attempts >= MAX_ATTEMPTS) {
		vv_db_exec(a, "UPDATE mail_outbox SET status = 'failed', claimed_until = NULL,"
			   " last_error = ? WHERE id = ?", VV_DB_ARGS(VV_DB_S(why), VV_DB_I(id)));
		vv_warn("mail: message %lld failed for good: %s", (long long)id, why);
		return;
	}
	int pause = retry_minutes[attempts - 1 < 0 ? 0 : attempts - 1];
	vv_db_exec(a, "UPDATE mail_outbox SET claimed_until = NULL, last_error = ?,"
		   " next_try_at = UTC_TIMESTAMP() + INTERVAL ? MINUTE WHERE id = ?",
		   VV_DB_ARGS(VV_DB_S(why), VV_DB_I(pause), VV_DB_I(id)));
	vv_warn("mail: message %lld not sent (try %d), again in %d min: %s", (long long)id, attempts,
		pause, why);
}

int vv_mail_tick(vv_arena_t *a)
{
	if (!vv_mail_configured())
		return 0;
	const char *from = vv_conf_get("mail", "from", "");
	if (!addr_ok(from)) {
		vv_warn("mail: [mail] from is not an address; nothing sent");
		return 0;
	}
	int err = 0;
	vv_db_res_t *due = vv_db_query(a, &err,
		"SELECT id FROM mail_outbox WHERE status = 'queued' AND next_try_at <= UTC_TIMESTAMP()"
		" AND (claimed_until IS NULL OR claimed_until < UTC_TIMESTAMP()) ORDER BY id LIMIT ?",
		VV_DB_ARGS(VV_DB_I(PER_TICK)));
	if (!due)
		return err;
	int sent = 0;
	while (vv_db_next(due) && !vv_stopping()) {
		int64_t id = vv_db_int(due, 0, 0);
		/* Only one ticker's UPDATE finds the row unclaimed. */
		int64_t won = vv_db_exec(a,
			"UPDATE mail_outbox SET claimed_until = UTC_TIMESTAMP() + INTERVAL ? MINUTE,"
			" attempts = attempts + 1 WHERE id = ? AND status = 'queued'"
			" AND (claimed_until IS NULL OR claimed_until < UTC_TIMESTAMP())",
			VV_DB_ARGS(VV_DB_I(CLAIM_MINUTES), VV_DB_I(id)));
		if (won != 1)
			continue;
		send_one(a, id);
		sent++;
	}
	return sent;
}
