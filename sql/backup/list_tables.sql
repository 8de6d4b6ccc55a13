-- The tables whose rows a backup holds, each once: ordinary tables and the partitions of the
-- partitioned ones (a partitioned parent holds no rows of its own; counting it too would count
-- its rows twice), in the application schemas, leaving out tables an extension owns (pg_dump
-- leaves those out too). Names unquoted: the checksum query quotes them as identifiers.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    n.nspname AS schema_name,
    c.relname AS table_name
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND c.relkind = 'r'
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = c.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, c.relname
