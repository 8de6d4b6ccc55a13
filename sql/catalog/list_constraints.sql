-- Primary key, unique, foreign key, check and exclusion constraints of the public schema.
-- uses: none (catalog query; small system tables)
SELECT
    c.conrelid::regclass::text AS table_name,
    c.conname AS name,
    c.contype::text AS kind,
    pg_get_constraintdef(c.oid) AS definition
FROM pg_constraint AS c
JOIN pg_namespace AS n ON n.oid = c.connamespace
WHERE n.nspname = 'public'
    AND c.contype IN ('p', 'u', 'f', 'c', 'x')
    AND c.conrelid <> 0
ORDER BY c.conrelid::regclass::text, c.contype, c.conname
