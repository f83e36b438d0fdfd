-- 003_consent: consent before media (issue #11 item 5) and removal of a
-- participant from a call (item 7), plugin call.
--
-- call_consents: one row per person who was shown the recording notice of
-- a recorded event on the call page (customers and guests: staff run the
-- event and are not asked), with their answer. accepted NULL: shown, not
-- answered (yet); 1: accepted - they join with camera and microphone;
-- 0: declined - they may only watch and listen (…/join hands them
-- credentials that cannot send). Staff see the rows on Tiedot.
-- member_key as in call_members ('u<user id>' or 't<32 hex of the link's
-- token hash>'); display is the name at the time; tenant_id the event's.
CREATE TABLE IF NOT EXISTS call_consents (
	event_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	member_key VARCHAR(40) CHARACTER SET ascii NOT NULL,
	display VARCHAR(210) NOT NULL DEFAULT '',
	shown_at DATETIME NOT NULL,
	answered_at DATETIME NULL,
	accepted TINYINT(1) NULL,
	PRIMARY KEY (event_id, member_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- call_removed: people the organiser removed from an event's call. Kept
-- apart from call_members, whose rows the sweep deletes: a removed person
-- is not admitted again to that event (…/join refuses, the Janus gate's
-- /_vv/call-admit refuses, the sweep tears down their sessions).
CREATE TABLE IF NOT EXISTS call_removed (
	event_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	member_key VARCHAR(40) CHARACTER SET ascii NOT NULL,
	participant_id VARCHAR(64) CHARACTER SET ascii NOT NULL,
	removed_by BIGINT NOT NULL,
	removed_at DATETIME NOT NULL,
	PRIMARY KEY (event_id, member_key),
	KEY ix_call_removed_participant (event_id, participant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
