-- 014_signin: sign-in that cannot be dodged or turned against staff, and
-- login links that work once (core/identity/throttle.c, link.c, cookie.c).

-- A login link is used up by its first sign-in. Links used before this
-- migration count as used.
ALTER TABLE login_links ADD COLUMN used_at DATETIME NULL;
UPDATE login_links SET used_at = last_used_at WHERE last_used_at IS NOT NULL AND used_at IS NULL;

-- Every throttle row of one account (per address, per device, from
-- everywhere) carries the account's key, so that a password reset can
-- forget them all.
ALTER TABLE login_throttle ADD COLUMN account CHAR(64) CHARACTER SET ascii NULL,
	ADD KEY ix_login_throttle_account (account);

-- Browsers an account has signed in with (cookie vv_device, only its
-- SHA-256 here): there no lock from failures elsewhere applies.
CREATE TABLE IF NOT EXISTS login_devices (
	token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
	user_id BIGINT NOT NULL,
	tenant_id BIGINT NOT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_used_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (token_hash, user_id),
	KEY ix_login_devices_user (tenant_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Sessions started before the cookie became __Host-vv_session over HTTPS:
-- their plain vv_session cookie is accepted once and moved to the new name
-- (a tablet stays signed in). New sessions never get this mark.
ALTER TABLE sessions ADD COLUMN legacy_cookie TINYINT(1) NOT NULL DEFAULT 0;
UPDATE sessions SET legacy_cookie = 1;
