-- 015_privacy: the organisation's own lifetime for tablets' sign-ins, and
-- the ticker's claim on the purge of dead sign-in rows (core/identity/purge.c).

-- A tablet signed in with a login link stays signed in this many days
-- without use (Asetukset); [session] link_idle_days is the provider's
-- ceiling above it.
ALTER TABLE tenant_policies ADD COLUMN link_idle_days INT NOT NULL DEFAULT 90;

-- Work done by one ticker of all the hosts at a time: a ticker takes a job
-- by moving its due_at forward in one UPDATE; the one that changed the row
-- does the work.
CREATE TABLE IF NOT EXISTS ticker_claims (
	job VARCHAR(32) CHARACTER SET ascii NOT NULL,
	due_at DATETIME NOT NULL,
	PRIMARY KEY (job)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
