-- 002_identity: contracts, policies, users, sessions, login links, throttling.
-- Every row belongs to one tenant; ids are never assumed dense (Galera).

-- The hosting provider's limits for a tenant (vvctl contract set).
-- sharing_allowed makes the tenant an eCare-event organiser.
CREATE TABLE IF NOT EXISTS contracts (
	tenant_id BIGINT NOT NULL,
	max_participants INT NOT NULL DEFAULT 25,
	recording_allowed TINYINT(1) NOT NULL DEFAULT 0,
	sharing_allowed TINYINT(1) NOT NULL DEFAULT 0,
	max_event_minutes INT NOT NULL DEFAULT 120,
	max_concurrent_events INT NOT NULL DEFAULT 5,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The tenant admin's own choices, within the contract.
-- end_policy: 'creator' (only the event's creator), 'staff' (any staff
-- member), 'creator_admin' (the creator and the tenant's admins).
CREATE TABLE IF NOT EXISTS tenant_policies (
	tenant_id BIGINT NOT NULL,
	hangup_presses TINYINT NOT NULL DEFAULT 2,
	end_policy VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'creator_admin',
	default_capacity INT NOT NULL DEFAULT 10,
	warning_minutes INT NOT NULL DEFAULT 5,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- role: admin, operator, professional, customer. language: the device
-- language of a customer's tablet (NULL: the tenant's default).
-- password_hash: an Argon2id encoded string, NULL for customers who sign
-- in with a login link only.
CREATE TABLE IF NOT EXISTS users (
	id BIGINT NOT NULL AUTO_INCREMENT,
	uuid CHAR(36) CHARACTER SET ascii NOT NULL,
	tenant_id BIGINT NOT NULL,
	email VARCHAR(254) NOT NULL,
	first_name VARCHAR(100) NOT NULL,
	last_name VARCHAR(100) NOT NULL,
	role VARCHAR(16) CHARACTER SET ascii NOT NULL,
	language CHAR(2) CHARACTER SET ascii NULL,
	password_hash VARCHAR(255) CHARACTER SET ascii NULL,
	active TINYINT(1) NOT NULL DEFAULT 1,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_users_uuid (uuid),
	UNIQUE KEY uq_users_tenant_email (tenant_id, email),
	KEY ix_users_email (email),
	KEY ix_users_tenant_role (tenant_id, role, last_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A session is known by the SHA-256 of its cookie token; the token itself
-- is never stored. idle_expires_at moves forward with use; expires_at never.
CREATE TABLE IF NOT EXISTS sessions (
	id BIGINT NOT NULL AUTO_INCREMENT,
	token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
	user_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	csrf CHAR(43) CHARACTER SET ascii NOT NULL,
	kind VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'password',
	login_link_id BIGINT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_seen DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	idle_expires_at DATETIME NOT NULL,
	expires_at DATETIME NOT NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_sessions_token (token_hash),
	KEY ix_sessions_user (user_id),
	KEY ix_sessions_link (login_link_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Personal login links for customers' tablets, issued by an admin.
CREATE TABLE IF NOT EXISTS login_links (
	id BIGINT NOT NULL AUTO_INCREMENT,
	tenant_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
	created_by BIGINT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_used_at DATETIME NULL,
	revoked_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_login_links_token (token_hash),
	KEY ix_login_links_user (tenant_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed sign-ins per account ("acct:" + e-mail) and per client address
-- ("addr:" + address), keyed by the SHA-256 of that text.
CREATE TABLE IF NOT EXISTS login_throttle (
	k CHAR(64) CHARACTER SET ascii NOT NULL,
	failures INT NOT NULL DEFAULT 0,
	window_start DATETIME NOT NULL,
	locked_until DATETIME NULL,
	PRIMARY KEY (k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
