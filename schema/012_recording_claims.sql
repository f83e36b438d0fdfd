-- 012_recording_claims: the ticker that converts an ended event's
-- recordings (plugins/call/convert.c) claims the event until convert_until
-- (renewed before each file), so that the tickers of several hosts never
-- work on the same files; a ticker that died leaves a claim that simply
-- runs out. A claim in the database works on every shared filesystem
-- (file locks do not: NFS needs them opened for writing, CIFS makes them
-- mandatory) and on a Galera cluster.
ALTER TABLE events ADD COLUMN convert_until DATETIME NULL;
