-- 001_recur_series: weekly series of events (issue 16). Each occurrence
-- is an ordinary row of events (its own room, participants and join
-- links); the series only groups them and keeps the rule they were made
-- by, for Muokkaa kalenteria and for "this and following" edits. An
-- occurrence cancelled, or taken out as an exception, is simply not a
-- scheduled row; the rule is not expanded again after creation.
CREATE TABLE IF NOT EXISTS event_series (
	id BIGINT NOT NULL AUTO_INCREMENT,
	uuid CHAR(36) CHARACTER SET ascii NOT NULL,
	tenant_id BIGINT NOT NULL,
	-- bit w (0 = Sunday .. 6 = Saturday) for each chosen weekday
	weekdays TINYINT UNSIGNED NOT NULL,
	every_weeks TINYINT UNSIGNED NOT NULL DEFAULT 1,
	until_date DATE NULL,       -- the last day, or NULL with times
	times SMALLINT NULL,        -- the rule's count, or NULL with until_date
	created_by BIGINT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_event_series_uuid (uuid),
	KEY ix_event_series_tenant (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- AFTER: the same place whichever of this and a core column comes first.
ALTER TABLE events ADD COLUMN IF NOT EXISTS series_id BIGINT NULL AFTER type_id;
CREATE INDEX IF NOT EXISTS ix_events_series ON events (series_id, starts_at);
