-- Every partition of the application schemas, tables and indexes alike, with the partitioned
-- table or index at the root of its tree: how the plan engine reads a plan over partitions as a
-- plan over the table the query names (locations_2026_01_pkey is locations_pkey).
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    c.relname AS name,
    r.relname AS root
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_class AS r ON r.oid = pg_partition_root(c.oid)
WHERE c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
ORDER BY c.relname
