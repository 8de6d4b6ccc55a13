-- Index definitions of the application tables, except those behind a constraint, a partition's
-- copy of its parent's index, and an extension's.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS schema_name,
    quote_ident(t.relname) AS table_name,
    quote_ident(ic.relname) AS name,
    pg_get_indexdef(i.indexrelid) AS definition,
    NOT i.indisvalid AS invalid
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS t ON t.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND NOT ic.relispartition
    AND NOT EXISTS (
        SELECT 1
        FROM pg_constraint AS c
        WHERE c.conindid = i.indexrelid
            AND c.conrelid = i.indrelid
            AND c.contype IN ('p', 'u', 'x')
    )
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = t.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, t.relname, ic.relname
