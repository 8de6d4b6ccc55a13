-- The indexes of the given tables that no constraint owns (every index but primary keys and
-- unique or exclusion constraints), with their definitions: what a bulk load drops before it
-- copies and builds again after, as pg_restore does. The definition is pg_get_indexdef's, so
-- the index comes back exactly as the migrations made it; an index carrying anything that
-- definition leaves out (a comment, a per-column statistics target, CLUSTER ON, the table's
-- replica identity) is left in place, as is an invalid one. The index of a partitioned table
-- (dropping it drops its partitions' indexes) comes back over every partition: its definition
-- says `ON ONLY`, which would build it over none, so that is left out.
-- params: $1 table_names text[]
-- uses: none (catalog query; small system tables)
SELECT
    n.nspname AS schema_name,
    ic.relname AS name,
    t.relname AS table_name,
    CASE
        WHEN ic.relkind = 'I' THEN regexp_replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
        ELSE pg_get_indexdef(i.indexrelid)
    END AS definition
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS t ON t.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = ic.relnamespace
WHERE i.indrelid = ANY (
        SELECT to_regclass(name)
        FROM unnest($1::text[]) AS name
    )
    AND i.indisvalid
    AND NOT i.indisclustered
    AND NOT i.indisreplident
    AND obj_description(i.indexrelid, 'pg_class') IS NULL
    AND NOT EXISTS (
        SELECT 1
        FROM pg_constraint AS c
        WHERE c.conindid = i.indexrelid
    )
    AND NOT EXISTS (
        SELECT 1
        FROM pg_attribute AS a
        WHERE a.attrelid = i.indexrelid
            AND a.attstattarget >= 0
    )
ORDER BY t.relname, ic.relname
