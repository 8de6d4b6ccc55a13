-- The columns of every unique index and foreign key of the application tables, by name. The
-- problem middleware words a violation with them: on a table under row-level security
-- PostgreSQL leaves the key's columns out of the error's detail.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    i.relname AS name,
    array(
        SELECT a.attname::text
        FROM unnest(x.indkey) WITH ORDINALITY AS k (attnum, position)
        JOIN pg_attribute AS a
            ON a.attrelid = x.indrelid
            AND a.attnum = k.attnum
        ORDER BY k.position
    ) AS columns
FROM pg_index AS x
JOIN pg_class AS i
    ON i.oid = x.indexrelid
JOIN pg_namespace AS n
    ON n.oid = i.relnamespace
WHERE x.indisunique
    AND n.nspname = 'public'
UNION ALL
SELECT
    c.conname AS name,
    array(
        SELECT a.attname::text
        FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, position)
        JOIN pg_attribute AS a
            ON a.attrelid = c.conrelid
            AND a.attnum = k.attnum
        ORDER BY k.position
    ) AS columns
FROM pg_constraint AS c
JOIN pg_namespace AS n
    ON n.oid = c.connamespace
WHERE c.contype = 'f'
    AND n.nspname = 'public'
