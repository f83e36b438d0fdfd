-- 003_languages (was schema/011_recording_languages.sql): the device languages a calendar recording is
-- shown to (R-EN-1 "in their language", as R-EV-7 for events). Recordings
-- added before this were shown to everyone: they keep all three.
ALTER TABLE recordings ADD COLUMN languages SET('fi', 'sv', 'en') CHARACTER SET ascii NOT NULL DEFAULT 'fi,sv,en';
