-- The audit log, partitioned by month of occurred_at like locations (0025). It is the fastest
-- growing table (a row for every write, login and refresh), and retention of an append-only
-- log is best done by dropping whole months (`hypernet db maintain`, HYPERNET_AUDIT_RETENTION_DAYS)
-- rather than by deleting rows, which its trigger refuses anyway.
--
-- Why the shape:
-- - Primary key (user_id, id, occurred_at): the partition key must be in every unique index.
--   No query finds an event by id; GET /v1/audit walks (user_id, occurred_at, id) as before.
-- - The append-only guarantee holds on every partition: the row trigger refusing UPDATE and
--   DELETE is cloned to each partition by PostgreSQL; the TRUNCATE trigger and the revoked
--   privileges are repeated on each by ensure_month_partition (a partition inherits neither),
--   and on the DEFAULT partition here. Dropping a month past retention is the one way rows go.
-- - A DEFAULT partition: an audit row is written by every write request, so a month that does not
--   exist yet must never fail a request; its rows move to their month when maintain creates it.
--
-- Lock impact: the old table is renamed and copied into the new one in this migration's
-- transaction, so audit_log is locked ACCESS EXCLUSIVE until it commits. Every writing request
-- (each appends an audit row) and GET /v1/audit waits for the copy: 2 seconds for the seeded
-- 100,000 events over 96 months on a busy two-core machine (one sequential read, the inserts
-- with their two indexes, a partition made per month); plan on 10 to 20 seconds per million.
-- Run it at a quiet hour: a request waits for the lock up to HYPERNET_LOCK_TIMEOUT (5 s), then
-- answers 503 with Retry-After. Each month of the existing events is created empty and attached
-- before the copy, so every row goes straight to its month and the default partition stays
-- empty.
-- squawk-ignore-file renaming-table, renaming-object -- the old table and its key move aside for the copy and are dropped in the same transaction; every client sees audit_log, with its own names, before and after
-- squawk-ignore-file ban-drop-table -- the table dropped is the old audit_log, every row of which was copied into the new one just before, in the same transaction
-- migrate:up

ALTER TABLE audit_log RENAME TO audit_log_unpartitioned;
ALTER TABLE audit_log_unpartitioned RENAME CONSTRAINT audit_log_pkey TO audit_log_unpartitioned_pkey;
ALTER INDEX audit_log_user_occurred_idx RENAME TO audit_log_unpartitioned_user_occurred_idx;

-- Not a BaseObject: an event is never updated, soft-deleted or restored. user_id is the account
-- the event belongs to (the nil UUID for a failed login naming no account), and is deliberately
-- not a foreign key: erasing a user must not need to rewrite the trail (see 0002).
CREATE TABLE audit_log (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id uuid,
    action text NOT NULL,
    object_type text,
    object_id uuid,
    request_id text,
    client_addr inet,
    details jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT audit_log_pkey PRIMARY KEY (user_id, id, occurred_at),
    CONSTRAINT audit_log_action_shape CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    CONSTRAINT audit_log_details_is_object CHECK (jsonb_typeof(details) = 'object')
) PARTITION BY RANGE (occurred_at);

CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;

-- One user's events, newest first (GET /v1/audit, keyset by occurred_at then id).
CREATE INDEX audit_log_user_occurred_idx
ON audit_log (user_id, occurred_at, id);

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM hypernet_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log_default FROM hypernet_app;

CREATE TRIGGER audit_log_append_only
BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_log_no_truncate
BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_log_no_truncate
BEFORE TRUNCATE ON audit_log_default
FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- A partition for each month the existing events fall in, empty, before they are copied.
SELECT p.partition_name
FROM (
    SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS month
    FROM audit_log_unpartitioned
) AS m
CROSS JOIN LATERAL ensure_month_partition('audit_log', m.month) AS p
ORDER BY m.month;

INSERT INTO audit_log (
    user_id, id, occurred_at, actor_id, action, object_type, object_id, request_id,
    client_addr, details
)
SELECT
    user_id, id, occurred_at, actor_id, action, object_type, object_id, request_id,
    client_addr, details
FROM audit_log_unpartitioned;

DROP TABLE audit_log_unpartitioned;

-- migrate:down
ALTER TABLE audit_log RENAME TO audit_log_partitioned;
ALTER TABLE audit_log_partitioned RENAME CONSTRAINT audit_log_pkey TO audit_log_partitioned_pkey;
ALTER INDEX audit_log_user_occurred_idx RENAME TO audit_log_partitioned_user_occurred_idx;

CREATE TABLE audit_log (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id uuid,
    action text NOT NULL,
    object_type text,
    object_id uuid,
    request_id text,
    client_addr inet,
    details jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT audit_log_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT audit_log_action_shape CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    CONSTRAINT audit_log_details_is_object CHECK (jsonb_typeof(details) = 'object')
);

CREATE INDEX audit_log_user_occurred_idx
ON audit_log (user_id, occurred_at, id);

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM hypernet_app;

CREATE TRIGGER audit_log_append_only
BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_log_no_truncate
BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

INSERT INTO audit_log (
    user_id, id, occurred_at, actor_id, action, object_type, object_id, request_id,
    client_addr, details
)
SELECT
    user_id, id, occurred_at, actor_id, action, object_type, object_id, request_id,
    client_addr, details
FROM audit_log_partitioned;

DROP TABLE audit_log_partitioned;
