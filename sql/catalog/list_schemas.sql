-- Application schemas other than public (not system, not an extension's), for the snapshot.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS name
FROM pg_namespace AS n
WHERE n.nspname NOT IN ('public', 'pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_namespace'::regclass
            AND d.objid = n.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname
