-- 001_feed_tokens: the secret addresses of calendar feeds (issue 16): one
-- live token per user, known by its SHA-256 like a session's (the token
-- itself is shown once and never stored). Replacing or revoking sets
-- revoked_at; the row stays for the audit trail. tenant_id is the user's.
CREATE TABLE IF NOT EXISTS feed_tokens (
	id BIGINT NOT NULL AUTO_INCREMENT,
	tenant_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
	created_by BIGINT NULL,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	revoked_at DATETIME NULL,
	PRIMARY KEY (id),
	UNIQUE KEY uq_feed_tokens_token (token_hash),
	KEY ix_feed_tokens_user (tenant_id, user_id, revoked_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
