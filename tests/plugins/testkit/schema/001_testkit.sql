-- 001_testkit: the out-of-tree test plugin's own table, installed into the
-- schema directory pkg-config names (schemadir/testkit/) and applied by
-- vvctl migrate as component testkit (tests/http/plugins.test.mjs).
CREATE TABLE IF NOT EXISTS testkit_notes (
	id INT NOT NULL,
	note VARCHAR(64) NOT NULL,
	PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT IGNORE INTO testkit_notes (id, note) VALUES (1, 'migrated');
