-- revoked_sessions (0030) came before the service's grants were narrowed table by table (0031),
-- so it got the default privileges: everything. The service needs to read it (the revocation
-- feed) and to add to it (the triggers on refresh_tokens run with the writer's privileges);
-- rows leave it only through `hypernet db purge`, which runs as the owner.
-- migrate:up
REVOKE UPDATE, DELETE, TRUNCATE ON revoked_sessions FROM hypernet_app;
-- migrate:down
GRANT UPDATE, DELETE ON revoked_sessions TO hypernet_app;
