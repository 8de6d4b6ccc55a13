-- Application tables that enable or force row-level security.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS schema_name,
    quote_ident(c.relname) AS table_name,
    c.relrowsecurity AS enabled,
    c.relforcerowsecurity AS forced
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND c.relkind IN ('r', 'p')
    AND (c.relrowsecurity OR c.relforcerowsecurity)
ORDER BY n.nspname, c.relname
