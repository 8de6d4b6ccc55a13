-- Before a restore: let the restoring user SET ROLE to the service's role, as migration 0002
-- does for the migrating user (a membership is a server-wide fact pg_dump does not carry).
-- uses: none (utility statement)
GRANT hypernet_app TO CURRENT_USER
