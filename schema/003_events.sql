-- 003_events: event types, external groups and their shares, events with
-- texts per language, participants, join links.
-- The organiser's tenant owns an event; a shared event reaches another
-- tenant's customers only through group_shares + group_customers.

CREATE TABLE IF NOT EXISTS event_types (
	id BIGINT NOT NULL AUTO_INCREMENT,
	uuid CHAR(36) CHARACTER SET ascii NOT NULL,
	tenant_id BIGINT NOT NULL,
	name VARCHAR(100) NOT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_event_types_uuid (uuid),
	UNIQUE KEY uq_event_types_name (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which of the tenant's customers see events of a type (R-TY-2).
CREATE TABLE IF NOT EXISTS type_customers (
	type_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	PRIMARY KEY (type_id, user_id),
	KEY ix_type_customers_user (tenant_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An organiser's external groups (R-TY-3) and the tenants each is shared with.
CREATE TABLE IF NOT EXISTS external_groups (
	id BIGINT NOT NULL AUTO_INCREMENT,
	uuid CHAR(36) CHARACTER SET ascii NOT NULL,
	tenant_id BIGINT NOT NULL,
	name VARCHAR(100) NOT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_external_groups_uuid (uuid),
	UNIQUE KEY uq_external_groups_name (tenant_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS group_shares (
	group_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (group_id, tenant_id),
	KEY ix_group_shares_tenant (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A receiving tenant's choice of its customers who see a shared group (R-TY-4).
CREATE TABLE IF NOT EXISTS group_customers (
	group_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	PRIMARY KEY (group_id, user_id),
	KEY ix_group_customers_user (tenant_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- status: scheduled, cancelled (Poista), ended (hung up for everyone).
-- ends_at moves when the call is extended; duration_minutes is the plan.
CREATE TABLE IF NOT EXISTS events (
	id BIGINT NOT NULL AUTO_INCREMENT,
	uuid CHAR(36) CHARACTER SET ascii NOT NULL,
	tenant_id BIGINT NOT NULL,
	type_id BIGINT NOT NULL,
	group_id BIGINT NULL,
	creator_id BIGINT NOT NULL,
	max_participants INT NOT NULL,
	record TINYINT(1) NOT NULL DEFAULT 0,
	forced_answer TINYINT(1) NOT NULL DEFAULT 0,
	starts_at DATETIME NOT NULL,
	ends_at DATETIME NOT NULL,
	duration_minutes INT NOT NULL,
	room_id VARCHAR(64) CHARACTER SET ascii NOT NULL,
	status VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'scheduled',
	enrolled INT NOT NULL DEFAULT 0,
	cancelled_at DATETIME NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_events_uuid (uuid),
	KEY ix_events_tenant_start (tenant_id, status, starts_at),
	KEY ix_events_type_start (type_id, starts_at),
	KEY ix_events_group_start (group_id, starts_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Name and description per device language (R-EV-7, R-EV-8).
CREATE TABLE IF NOT EXISTS event_texts (
	event_id BIGINT NOT NULL,
	language CHAR(2) CHARACTER SET ascii NOT NULL,
	name VARCHAR(200) NOT NULL,
	description TEXT NULL,
	PRIMARY KEY (event_id, language)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- kind: customer (counts against max_participants), staff, guest (no
-- account: e-mail, names and a personal join link). status: enrolled or
-- waiting (the waiting list, in id order). tenant_id is the participant's
-- own tenant, which for a shared event differs from the event's.
CREATE TABLE IF NOT EXISTS event_participants (
	id BIGINT NOT NULL AUTO_INCREMENT,
	event_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	user_id BIGINT NULL,
	kind VARCHAR(16) CHARACTER SET ascii NOT NULL,
	status VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'enrolled',
	email VARCHAR(254) NULL,
	first_name VARCHAR(100) NULL,
	last_name VARCHAR(100) NULL,
	token_hash CHAR(64) CHARACTER SET ascii NULL,
	added_by BIGINT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (id),
	UNIQUE KEY uq_participants_user (event_id, user_id),
	UNIQUE KEY uq_participants_email (event_id, email),
	UNIQUE KEY uq_participants_token (token_hash),
	KEY ix_participants_user (user_id, status, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Liittymislinkki and Liittymislinkki mobiililaitteille: for professionals
-- without an account; stored hashed, revocable, invalid after the event.
CREATE TABLE IF NOT EXISTS join_links (
	id BIGINT NOT NULL AUTO_INCREMENT,
	event_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	kind VARCHAR(8) CHARACTER SET ascii NOT NULL,
	token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
	created_by BIGINT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	revoked_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_join_links_token (token_hash),
	KEY ix_join_links_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
