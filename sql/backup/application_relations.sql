-- A few of the tables, views and sequences a database holds outside the system schemas and
-- outside extensions: none means the database is empty enough to restore a backup into.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    format('%I.%I', n.nspname, c.relname) AS relation_name
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = c.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, c.relname
LIMIT 5
