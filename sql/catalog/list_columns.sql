-- Columns of every application table (not an extension's), for the normalized schema snapshot.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS schema_name,
    quote_ident(c.relname) AS table_name,
    quote_ident(a.attname) AS column_name,
    format_type(a.atttypid, a.atttypmod) AS data_type,
    (
        SELECT quote_ident(co.collname)
        FROM pg_collation AS co
        JOIN pg_type AS ty ON ty.oid = a.atttypid
        WHERE co.oid = a.attcollation
            AND a.attcollation <> ty.typcollation
    ) AS collation,
    a.attnotnull AS not_null,
    pg_get_expr(d.adbin, d.adrelid) AS default_expr,
    a.attgenerated::text AS generated,
    a.attidentity::text AS identity
FROM pg_attribute AS a
JOIN pg_class AS c ON c.oid = a.attrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND c.relkind IN ('r', 'p')
    AND a.attnum > 0
    AND NOT a.attisdropped
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS dep
        WHERE dep.classid = 'pg_class'::regclass
            AND dep.objid = c.oid
            AND dep.deptype = 'e'
    )
ORDER BY n.nspname, c.relname, a.attnum
