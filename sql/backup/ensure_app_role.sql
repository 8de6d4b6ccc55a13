-- Before a restore: create the service's unprivileged role when the server lacks it (a new
-- server). Roles belong to the server, not to a database, so pg_dump does not carry them, yet
-- the dump grants to this one and fails without it. The same statement as migration 0002.
-- uses: none (utility statement)
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
$$
