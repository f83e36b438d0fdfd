-- 017_events_visibility: the customer's calendar reaches events from the
-- customer's own types and shared groups (plugins/enrolment/calendar.c):
-- per type or group, the scheduled events in the week, with ends_at in the
-- index so that week 0 (which also holds events still running from before
-- today) is answered from the index alone. The page then reads the same
-- few rows however many events the platform holds.
CREATE INDEX ix_events_type_status_start ON events (type_id, status, starts_at, ends_at);
CREATE INDEX ix_events_group_status_start ON events (group_id, status, starts_at, ends_at);
-- Muokkaa kalenteria's past events, newest first a page at a time
-- (plugins/events/list.c): the tenant's events in time order (and id, the
-- index's tail), read backwards from now.
CREATE INDEX ix_events_tenant_time ON events (tenant_id, starts_at);
