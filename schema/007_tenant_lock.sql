-- 007_tenant_lock: a counter vv_contract_lock writes (core/tenant.c).
-- Counting a tenant's events against its contract and then creating one
-- must take turns. On one server a row lock would do; on a Galera
-- cluster a lock taken on one node does not stop another node, but two
-- transactions that write the same row conflict at commit, one is sent
-- back (error 1213) and retried whole by vv_db_tx, and then counts again.
-- (No IF NOT EXISTS: MySQL 8 has none for columns; schema_migrations runs it once.)
ALTER TABLE tenants ADD COLUMN lock_serial BIGINT NOT NULL DEFAULT 0;
