-- 020_attendance: who was in an event's call and when, for care records
-- (issue #11 item 6). One row per visit: written when the Janus gate
-- admits a participant's join (plugins/call, GET /_vv/call-admit with
-- join=1), closed when the ticker's sweep no longer finds the participant
-- in the room or the event ends (core/domain/attendance.c). Never
-- overwritten: a second join is a second row. call_members.joined_at only
-- keeps the last credentials handed out.
-- tenant_id is the event's tenant; user_id is NULL for a guest (join link
-- or personal link); display is the name the call showed (blanked when the
-- customer is erased); role: staff, customer or guest.
-- open_member is the member while the visit is open, so that two joins at
-- once (a page's publisher and subscriber handles) open one visit, and the
-- ticker finds the visits still open without reading the rest.
CREATE TABLE IF NOT EXISTS attendance (
	id BIGINT NOT NULL AUTO_INCREMENT,
	tenant_id BIGINT NOT NULL,
	event_id BIGINT NOT NULL,
	participant_id VARCHAR(64) CHARACTER SET ascii NOT NULL,
	member_key VARCHAR(40) CHARACTER SET ascii NOT NULL,
	user_id BIGINT NULL,
	role VARCHAR(16) CHARACTER SET ascii NOT NULL,
	display VARCHAR(210) NOT NULL DEFAULT '',
	joined_at DATETIME NOT NULL,
	left_at DATETIME NULL,
	open_member VARCHAR(40) CHARACTER SET ascii AS (IF(left_at IS NULL, member_key, NULL)) PERSISTENT,
	PRIMARY KEY (id),
	UNIQUE KEY uq_attendance_open (event_id, open_member),
	KEY ix_attendance_event (event_id, joined_at),
	KEY ix_attendance_open_only (open_member),
	KEY ix_attendance_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
