-- Index definitions of the public schema, except those created by a constraint.
-- uses: none (catalog query; small system tables)
SELECT
    i.tablename AS table_name,
    i.indexname AS name,
    i.indexdef AS definition
FROM pg_indexes AS i
WHERE i.schemaname = 'public'
    AND NOT EXISTS (
        SELECT 1
        FROM pg_constraint AS c
        WHERE c.conname = i.indexname
            AND c.connamespace = 'public'::regnamespace
    )
ORDER BY i.tablename, i.indexname
