-- Constraints of application tables and domains added NOT VALID and never validated: rows
-- written before they were added have not been checked against them.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    CASE WHEN c.conrelid <> 0 THEN 'table' ELSE 'domain' END AS owner_kind,
    CASE
        WHEN c.conrelid <> 0 THEN c.conrelid::regclass::text
        ELSE c.contypid::regtype::text
    END AS owner_ref,
    c.conname AS name,
    c.contype::text AS kind
FROM pg_constraint AS c
JOIN pg_namespace AS n ON n.oid = c.connamespace
WHERE NOT c.convalidated
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE (
                (d.classid = 'pg_class'::regclass AND d.objid = c.conrelid)
                OR (d.classid = 'pg_type'::regclass AND d.objid = c.contypid)
            )
            AND d.deptype = 'e'
    )
ORDER BY owner_ref, c.conname
