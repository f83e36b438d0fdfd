-- 001_recordings (before plugins carried their own migrations: schema/004_recordings.sql): YouTube recordings in customers' calendars (R-RE-1..4).
-- A recording shows, all day, on its start's local date and on the days
-- its repeat gives up to until_date (core/recur.c, vv_repeat_on), to the
-- customers of its type (type_customers) and, when group_id is set, of the
-- tenants the organiser's external group is shared with (group_customers),
-- the same way events reach them.
-- repeat: vv_repeat_name values (once, daily, weekdays, weekly, biweekly,
-- monthly). until_date: the last local date it shows; NULL for once.
-- status: active, deleted (Poista; the row stays for the audit trail).
CREATE TABLE IF NOT EXISTS recordings (
	id BIGINT NOT NULL AUTO_INCREMENT,
	uuid CHAR(36) CHARACTER SET ascii NOT NULL,
	tenant_id BIGINT NOT NULL,
	type_id BIGINT NOT NULL,
	group_id BIGINT NULL,
	youtube_id CHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	title VARCHAR(200) NOT NULL,
	starts_at DATETIME NOT NULL,
	`repeat` VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'once',
	until_date DATE NULL,
	created_by BIGINT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	status VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'active',
	deleted_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_recordings_uuid (uuid),
	KEY ix_recordings_tenant_start (tenant_id, status, starts_at),
	KEY ix_recordings_type (type_id),
	KEY ix_recordings_group (group_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
