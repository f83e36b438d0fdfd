-- 006_changes: which users and events changed lately (core vv/changes.h).
-- The alarm poll (every tablet, every few seconds) answers from a copy in
-- the worker's memory; every worker reads this table at most once a second
-- (conf [alarm] poll_check_ms) and forgets the copies the rows concern.
-- One row per user ('u'), event ('e') or tenant ('t'), upserted in the transaction of
-- the change, so the table stays as small as the users and events it
-- names. changed_at is the database's clock at the change, before its
-- commit: readers look back far enough (a minute) to see late commits.
CREATE TABLE IF NOT EXISTS changes (
	kind CHAR(1) CHARACTER SET ascii NOT NULL,
	id BIGINT NOT NULL,
	changed_at DATETIME(6) NOT NULL,
	PRIMARY KEY (kind, id),
	KEY ix_changes_at (changed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
