-- Primary key, unique, foreign key, check and exclusion constraints of the application tables,
-- except those a partition inherits from its parent.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS schema_name,
    quote_ident(r.relname) AS table_name,
    quote_ident(c.conname) AS name,
    c.contype::text AS kind,
    pg_get_constraintdef(c.oid) AS definition
FROM pg_constraint AS c
JOIN pg_class AS r ON r.oid = c.conrelid
JOIN pg_namespace AS n ON n.oid = r.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND c.contype IN ('p', 'u', 'f', 'c', 'x')
    AND c.conislocal
    AND c.conparentid = 0
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = r.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, r.relname, c.contype, c.conname
