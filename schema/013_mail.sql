-- 013_mail: e-mail waiting to be sent (core vv/mail.h, core/mail/).
-- Queued in the transaction of the change it tells about; the ticker
-- claims due rows (claimed_until, so that two hosts never send one at the
-- same time and a ticker that died gives its claim back by letting it run
-- out), sends through [mail] relay, and on failure tries again later:
-- next_try_at grows with attempts, until status 'failed'. Rows stay as a
-- record of what was sent (the audit log's companion for mail).
CREATE TABLE IF NOT EXISTS mail_outbox (
	id BIGINT NOT NULL AUTO_INCREMENT,
	tenant_id BIGINT NOT NULL,
	event_id BIGINT NULL,
	kind VARCHAR(16) CHARACTER SET ascii NOT NULL,
	to_addr VARCHAR(254) NOT NULL,
	to_name VARCHAR(200) NULL,
	subject VARCHAR(300) NOT NULL,
	body_text MEDIUMTEXT NOT NULL,
	ics MEDIUMTEXT NULL,
	ics_method VARCHAR(16) CHARACTER SET ascii NULL,
	status VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'queued',
	attempts INT NOT NULL DEFAULT 0,
	next_try_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	claimed_until DATETIME NULL,
	sent_at DATETIME NULL,
	last_error VARCHAR(300) NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY ix_mail_due (status, next_try_at),
	KEY ix_mail_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
