-- Row-level security policies of the application tables, one row per policy.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS schema_name,
    quote_ident(c.relname) AS table_name,
    quote_ident(p.polname) AS name,
    p.polpermissive AS permissive,
    CASE p.polcmd
        WHEN 'r' THEN 'SELECT'
        WHEN 'a' THEN 'INSERT'
        WHEN 'w' THEN 'UPDATE'
        WHEN 'd' THEN 'DELETE'
        ELSE 'ALL'
    END AS command,
    CASE
        WHEN p.polroles = '{0}' THEN 'PUBLIC'
        ELSE (
            SELECT string_agg(quote_ident(r.rolname), ', ' ORDER BY r.rolname)
            FROM pg_roles AS r
            WHERE r.oid = ANY (p.polroles)
        )
    END AS roles,
    pg_get_expr(p.polqual, p.polrelid) AS using_expr,
    pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
FROM pg_policy AS p
JOIN pg_class AS c ON c.oid = p.polrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
ORDER BY n.nspname, c.relname, p.polname
