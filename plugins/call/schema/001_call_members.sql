-- 001_call_members (was schema/005_call.sql): who is in an event's call (plugin call, issue #6).
-- One row per person who asked for credentials: the video backend's
-- participant id (for presentation mode and unmuting), whether
-- presentation mode muted them, and their request to speak.
-- member_key: 'u<user id>' for an account, 't<32 hex of the link's token
-- hash>' for a join link or a guest's personal link (never the token).
-- tenant_id is the event's tenant.
CREATE TABLE IF NOT EXISTS call_members (
	event_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	member_key VARCHAR(40) CHARACTER SET ascii NOT NULL,
	participant_id VARCHAR(64) CHARACTER SET ascii NOT NULL,
	display VARCHAR(210) NOT NULL DEFAULT '',
	is_staff TINYINT(1) NOT NULL DEFAULT 0,
	joined_at DATETIME NOT NULL,
	muted TINYINT(1) NOT NULL DEFAULT 0,
	speak_requested_at DATETIME NULL,
	PRIMARY KEY (event_id, member_key),
	KEY ix_call_members_participant (event_id, participant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
