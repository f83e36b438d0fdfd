-- 001_janus_placement: several Janus servers (plugins/video_janus/servers.c).
-- Each room is placed on one server when first needed; the row is what
-- every vvhomed host and (through the member tickets) the Janus gate agree
-- on. A server that does not answer is marked down here for all hosts,
-- and its rooms are placed again on a live one.
CREATE TABLE IF NOT EXISTS janus_rooms (
	room_id VARCHAR(80) CHARACTER SET ascii NOT NULL,
	server VARCHAR(16) CHARACTER SET ascii NOT NULL,
	placed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (room_id),
	KEY ix_janus_rooms_server (server, placed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE IF NOT EXISTS janus_servers (
	name VARCHAR(16) CHARACTER SET ascii NOT NULL,
	down_since DATETIME NULL,
	checked_at DATETIME NULL,
	PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
