-- 008_partners: which tenants may share with each other (R-TY-4), set by
-- the hosting provider (vvctl partner add/remove/list, core/partner.c).
-- An organiser's share page lists only its partners, and a share with any
-- other tenant is refused as an unknown one; ending a partnership ends the
-- shares between the two. A partnership goes both ways and is stored as
-- two rows, one per direction, written and deleted together, so that "my
-- partners" is one indexed read. lock_serial is written by every share
-- saved with the partner (plugins/types groups.c): a partnership ended on
-- another Galera node at the same moment then conflicts at commit instead
-- of leaving a share behind (as tenants.lock_serial, 007).
CREATE TABLE IF NOT EXISTS tenant_partners (
	tenant_id BIGINT NOT NULL,
	partner_id BIGINT NOT NULL,
	lock_serial BIGINT NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (tenant_id, partner_id),
	KEY ix_tenant_partners_partner (partner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Shares made before this migration stay: the tenants of each become
-- partners (review them with vvctl partner list).
INSERT IGNORE INTO tenant_partners (tenant_id, partner_id)
SELECT DISTINCT g.tenant_id, s.tenant_id FROM group_shares s
JOIN external_groups g ON g.id = s.group_id WHERE g.tenant_id <> s.tenant_id;

INSERT IGNORE INTO tenant_partners (tenant_id, partner_id)
SELECT DISTINCT s.tenant_id, g.tenant_id FROM group_shares s
JOIN external_groups g ON g.id = s.group_id WHERE g.tenant_id <> s.tenant_id;
