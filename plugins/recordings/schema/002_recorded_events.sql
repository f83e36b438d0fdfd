-- 002_recorded_events: a recorded event in customers' calendars
-- (R-RE-4, "listed the same way once the video backend produced it").
-- recordings.event_id: a calendar recording shows either a YouTube video
-- (youtube_id) or such a recorded event of the tenant (event_id), never
-- both. (Until the plugins carried their own migrations this was the second
-- half of schema/010_session_recordings.sql; a database migrated then has it
-- recorded as done.)
-- (No IF NOT EXISTS: MySQL 8 has none for columns; schema_migrations runs it once.)
ALTER TABLE recordings MODIFY youtube_id CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NULL,
	ADD COLUMN event_id BIGINT NULL AFTER youtube_id,
	ADD KEY ix_recordings_event (event_id);
