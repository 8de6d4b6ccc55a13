-- Estimated row count of every table in the public schema (pg_class.reltuples, kept by ANALYZE
-- and VACUUM): which tables are large enough that a sequential scan of them is a finding.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    c.relname AS table_name,
    greatest(c.reltuples, 0)::bigint AS estimated_rows
FROM pg_class AS c
JOIN pg_namespace AS n
    ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND c.relkind IN ('r', 'p', 'm')
ORDER BY c.relname
