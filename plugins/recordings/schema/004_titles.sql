-- 004_titles: a recording's title per device language, as events have a
-- name per language (R-EV-8; issue #17 item 7). recordings.title stays:
-- the title in the first chosen language, what a reader falls back to
-- (VV_CARE_RECORDING_TITLE) and what the audit trail and exports name.
-- Recordings added before this have one title: it becomes the title in
-- each of their languages.
CREATE TABLE IF NOT EXISTS recording_texts (
	recording_id BIGINT NOT NULL,
	language CHAR(2) CHARACTER SET ascii NOT NULL,
	title VARCHAR(200) NOT NULL,
	PRIMARY KEY (recording_id, language)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT IGNORE INTO recording_texts (recording_id, language, title)
	SELECT r.id, l.code, r.title FROM recordings r
	JOIN (SELECT 'fi' AS code UNION ALL SELECT 'sv' UNION ALL SELECT 'en') l
	  ON FIND_IN_SET(l.code, r.languages);
