-- Views of the public schema with their definitions.
-- uses: none (catalog query; small system tables)
SELECT
    c.relname AS name,
    pg_get_viewdef(c.oid, true) AS definition
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND c.relkind IN ('v', 'm')
ORDER BY c.relname
