-- Columns of application tables (not partitions, which repeat their parent's columns) typed
-- `timestamp without time zone`, or an array or domain of it.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    t.oid::regclass::text AS table_ref,
    a.attname AS column_name,
    format_type(a.atttypid, a.atttypmod) AS data_type
FROM pg_attribute AS a
JOIN pg_class AS t ON t.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_type AS ty ON ty.oid = a.atttypid
WHERE t.relkind IN ('r', 'p')
    AND NOT t.relispartition
    AND a.attnum > 0
    AND NOT a.attisdropped
    AND (
        coalesce(nullif(ty.typbasetype, 0), ty.oid) = 'timestamp'::regtype
        OR ty.typelem = 'timestamp'::regtype
    )
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = t.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, t.relname, a.attnum
