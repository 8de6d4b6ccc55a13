-- What the login of this session could do beyond the service's grants: superuser, make roles
-- or databases, bypass row-level security, or become the owner of the schema (the role owning
-- schema_migrations, the migrator). Checked by `hypernet serve` on its pool.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables, not application data)
SELECT
    r.rolname AS login,
    r.rolsuper AS is_superuser,
    r.rolcreaterole AS can_create_roles,
    r.rolcreatedb AS can_create_databases,
    r.rolbypassrls AS bypasses_row_security,
    coalesce(pg_has_role(session_user, c.relowner, 'MEMBER'), false) AS can_become_owner,
    pg_get_userbyid(c.relowner) AS owner
FROM pg_roles AS r
LEFT JOIN pg_class AS c
    ON c.oid = to_regclass('public.schema_migrations')
WHERE r.rolname = session_user
