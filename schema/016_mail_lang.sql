-- 016_mail_lang: the language a message to a participant was written in,
-- so that the update or cancellation that follows an invitation is in the
-- same language (core/domain/notice.c); and the index that finds the
-- messages sent to one address about one event (their SEQUENCE).
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS lang CHAR(2) CHARACTER SET ascii NULL AFTER kind;
ALTER TABLE mail_outbox DROP INDEX IF EXISTS ix_mail_event;
CREATE INDEX IF NOT EXISTS ix_mail_event_addr ON mail_outbox (event_id, to_addr);
