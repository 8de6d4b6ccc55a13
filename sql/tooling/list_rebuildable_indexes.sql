-- The indexes of the given tables that no constraint owns (every index but primary keys and
-- unique or exclusion constraints), with their definitions: what a bulk load drops before it
-- copies and builds again after, as pg_restore does. Valid indexes only; the definition is
-- pg_get_indexdef's, so the index comes back exactly as the migrations made it.
-- params: $1 table_names text[]
-- uses: none (catalog query; small system tables)
SELECT
    n.nspname AS schema_name,
    ic.relname AS name,
    t.relname AS table_name,
    pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS t ON t.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = ic.relnamespace
WHERE i.indrelid = ANY (
        SELECT to_regclass(name)
        FROM unnest($1::text[]) AS name
    )
    AND i.indisvalid
    AND NOT EXISTS (
        SELECT 1
        FROM pg_constraint AS c
        WHERE c.conindid = i.indexrelid
    )
ORDER BY t.relname, ic.relname
