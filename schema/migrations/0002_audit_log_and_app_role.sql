-- The append-only audit log, and the unprivileged role the service runs its statements as.
-- Why: a security trail is only worth something if the service itself cannot rewrite it. The
-- service connects as the schema owner (it must migrate) but every pooled connection switches to
-- hypernet_app, which may insert into audit_log and read it, never update, delete or truncate
-- it; a trigger refuses those for everyone else, owners and superusers included.
-- migrate:up

-- Roles belong to the whole server, not to one database: create it only when missing, and
-- never drop it on the way down (other databases on the same server may use it).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hypernet_app') THEN
        CREATE ROLE hypernet_app NOLOGIN;
    END IF;
EXCEPTION
    -- Another database on the same server created it a moment ago.
    WHEN duplicate_object OR unique_violation THEN
        NULL;
END;
$$;

-- The migrating user must be able to SET ROLE hypernet_app on its pooled connections.
GRANT hypernet_app TO CURRENT_USER;

GRANT USAGE ON SCHEMA public TO hypernet_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hypernet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hypernet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
GRANT USAGE, SELECT ON SEQUENCES TO hypernet_app;
-- Only the migrator touches the migration bookkeeping.
REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM hypernet_app;

-- Not a BaseObject: an event is never updated, soft-deleted or restored. user_id is the account
-- the event belongs to (the nil UUID for a failed login naming no account), and is deliberately
-- not a foreign key: erasing a user must not need to rewrite the trail.
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

-- One user's events, newest first (GET /v1/audit, keyset by occurred_at then id).
CREATE INDEX audit_log_user_occurred_idx
ON audit_log (user_id, occurred_at, id);

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM hypernet_app;

CREATE FUNCTION refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_log_no_truncate
BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- migrate:down
DROP TABLE audit_log;
DROP FUNCTION refuse_audit_change();
ALTER DEFAULT PRIVILEGES IN SCHEMA public
REVOKE USAGE, SELECT ON SEQUENCES FROM hypernet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM hypernet_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hypernet_app;
REVOKE USAGE ON SCHEMA public FROM hypernet_app;
