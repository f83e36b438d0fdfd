-- 018_reminder_lobby: two tenant settings (Asetukset) and the claims that
-- make reminders go out once.
--   reminder_minutes: how long before an event's start its participants
--     with an e-mail address are reminded (0: no reminders);
--   room_open_minutes: how long before the start the call's room opens;
--     a customer who comes before any staff member waits in the lobby.
-- event_reminders: one row per participant row reminded, written in the
-- transaction that queues the reminder (core/domain/reminder.c), so that
-- tickers of several hosts, and every later run, find it claimed.
ALTER TABLE tenant_policies ADD COLUMN IF NOT EXISTS reminder_minutes INT NOT NULL DEFAULT 0;
ALTER TABLE tenant_policies ADD COLUMN IF NOT EXISTS room_open_minutes INT NOT NULL DEFAULT 5;
CREATE TABLE IF NOT EXISTS event_reminders (
	participant_id BIGINT NOT NULL,
	event_id BIGINT NOT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (participant_id),
	KEY ix_reminders_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
