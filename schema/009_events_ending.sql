-- 009_events_ending: the call plugin's tick (plugins/call/plugin.c) looks
-- for scheduled events whose time ran out, in the ticker of every host about
-- every [server] tick_seconds, and for recorded events ended in the last week
-- (their recordings to convert): an index on (status, ends_at) keeps that
-- a short range read however many events the platform holds.
CREATE INDEX ix_events_status_end ON events (status, ends_at);
