-- User-defined triggers of the public schema.
-- uses: none (catalog query; small system tables)
SELECT
    c.relname AS table_name,
    t.tgname AS name,
    pg_get_triggerdef(t.oid) AS definition
FROM pg_trigger AS t
JOIN pg_class AS c ON c.oid = t.tgrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND NOT t.tgisinternal
ORDER BY c.relname, t.tgname
