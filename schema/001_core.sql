-- 001_core: the foundation every later migration builds on.
-- schema_migrations itself is created by vv_migrate (core/migrate.c).
-- Times are DATETIME in UTC: every connection sets time_zone = '+00:00'.
-- Statements end with ';' at the end of a line (that is how they are split).

CREATE TABLE IF NOT EXISTS tenants (
	id BIGINT NOT NULL AUTO_INCREMENT,
	uuid CHAR(36) CHARACTER SET ascii NOT NULL,
	name VARCHAR(200) NOT NULL,
	timezone VARCHAR(64) NOT NULL DEFAULT 'Europe/Helsinki',
	language CHAR(2) CHARACTER SET ascii NOT NULL DEFAULT 'fi',
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_tenants_uuid (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- No foreign keys here on purpose: audit rows must outlive what they
-- describe, and a key to tenants would make every audit insert lock the
-- tenant's row (contention, and more Galera certification conflicts).
-- user_id refers to users (a later migration); NULL for system actions.
CREATE TABLE IF NOT EXISTS audit_log (
	id BIGINT NOT NULL AUTO_INCREMENT,
	tenant_id BIGINT NOT NULL,
	user_id BIGINT NULL,
	action VARCHAR(64) NOT NULL,
	detail TEXT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	KEY ix_audit_tenant_time (tenant_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
