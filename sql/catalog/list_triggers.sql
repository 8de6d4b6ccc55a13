-- User-defined triggers of the application tables, except a partition's copy of its parent's.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS schema_name,
    quote_ident(c.relname) AS table_name,
    quote_ident(t.tgname) AS name,
    pg_get_triggerdef(t.oid) AS definition
FROM pg_trigger AS t
JOIN pg_class AS c ON c.oid = t.tgrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND NOT t.tgisinternal
    AND t.tgparentid = 0
ORDER BY n.nspname, c.relname, t.tgname
