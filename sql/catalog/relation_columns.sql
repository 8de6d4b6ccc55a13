-- Every column of every table, partition and index of the public schema (an expression index's
-- columns are its expressions): which exported column statistics this schema can take.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    c.relname AS relation_name,
    a.attname AS column_name
FROM pg_attribute AS a
JOIN pg_class AS c
    ON c.oid = a.attrelid
JOIN pg_namespace AS n
    ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND c.relkind IN ('r', 'p', 'm', 'i', 'I')
    AND a.attnum > 0
    AND NOT a.attisdropped
ORDER BY c.relname, a.attnum
