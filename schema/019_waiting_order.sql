-- 019_waiting_order: the waiting list in the order enrolments committed,
-- fair across Galera nodes. Ordering by event_participants.id was not:
-- each node hands out auto_increment ids from its own offset, at INSERT
-- time, so a row inserted first on one node may commit after a row another
-- node inserted later. Instead each join takes the next number of the
-- event's own counter (events.queue_serial) in its transaction: two joins
-- of one event on two nodes both change that row, so Galera certifies one
-- and retries the other, which then reads the number after it.
-- AFTER: the same place in the table whichever of this and a plugin's
-- column comes first (tests/http/upgrade.test.mjs compares the layouts).
ALTER TABLE events ADD COLUMN queue_serial BIGINT NOT NULL DEFAULT 0 AFTER max_participants;
ALTER TABLE event_participants ADD COLUMN queued BIGINT NOT NULL DEFAULT 0;
UPDATE event_participants SET queued = id;
UPDATE events e SET queue_serial = COALESCE((SELECT MAX(p.id) FROM event_participants p
	WHERE p.event_id = e.id), 0);
CREATE INDEX ix_participants_queue ON event_participants (event_id, status, queued);
