-- Application tables (not partitions, which take their parent's key; not an extension's) that
-- have no primary key.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT t.oid::regclass::text AS table_ref
FROM pg_class AS t
JOIN pg_namespace AS n ON n.oid = t.relnamespace
WHERE t.relkind IN ('r', 'p')
    AND NOT t.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (
        SELECT 1
        FROM pg_constraint AS c
        WHERE c.conrelid = t.oid
            AND c.contype = 'p'
    )
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = t.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, t.relname
