-- 002_events_room: the Janus gate asks whether a participant is admitted to
-- a room (GET /_vv/call-admit, plugin call): events are found by room id.
CREATE INDEX IF NOT EXISTS ix_events_room ON events (room_id);
