-- 010_session_recordings: a recorded event in customers' calendars
-- (R-RE-4, "listed the same way once the video backend produced it").
-- events.session_video: the one file under [video] recordings_dir that the
-- call plugin's tick made of the event's recording for watching (the
-- presenter's picture and sound, muxed); '' when the recording held nothing
-- to make it of; NULL until the tick has looked. The recordings plugin's
-- half of this change is plugins/recordings/schema/002_recorded_events.sql.
-- (No IF NOT EXISTS: MySQL 8 has none for columns; schema_migrations runs it once.)
ALTER TABLE events ADD COLUMN session_video VARCHAR(255) CHARACTER SET ascii NULL;
