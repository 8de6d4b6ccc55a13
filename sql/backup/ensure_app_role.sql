-- Before a restore: create the service's unprivileged role when the server lacks it (a new
-- server), and let the restoring user SET ROLE to it, as migration 0002 does for the migrating
-- user. Roles and memberships belong to the server, not to a database, so pg_dump does not
-- carry them, yet the dump grants to this role and the service's pool switches to it. The
-- membership is granted only when missing: granting needs rights a plain owner may lack.
-- uses: none (utility statement)
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hypernet_app') THEN
        CREATE ROLE hypernet_app NOLOGIN;
    END IF;
    IF NOT pg_has_role(current_user, 'hypernet_app', 'MEMBER') THEN
        GRANT hypernet_app TO CURRENT_USER;
    END IF;
EXCEPTION
    -- Another database on the same server created it a moment ago.
    WHEN duplicate_object OR unique_violation THEN
        NULL;
END;
$$
