-- Every index of the application tables (not an extension's, not a partition's copy of its
-- parent's), with what hypernet sql index-health judges: key and INCLUDE columns (a NULL name
-- is an expression), whether each key column is NOT NULL, operator classes, collations and
-- options per key column, predicate, expressions, and the constraint the index enforces.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    n.nspname AS schema_name,
    t.relname AS table_name,
    ic.relname AS index_name,
    i.indrelid::regclass::text AS table_ref,
    i.indexrelid::regclass::text AS index_ref,
    am.amname AS method,
    i.indisunique AS is_unique,
    i.indisexclusion AS is_exclusion,
    i.indisvalid AS is_valid,
    i.indnullsnotdistinct AS nulls_not_distinct,
    c.conname AS constraint_name,
    c.contype::text AS constraint_kind,
    i.indnkeyatts AS key_count,
    ARRAY(
        SELECT a.attname::text
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, pos)
        LEFT JOIN pg_attribute AS a
            ON a.attrelid = i.indrelid
            AND a.attnum = k.attnum
            AND k.attnum > 0
        ORDER BY k.pos
    ) AS columns,
    ARRAY(
        SELECT a.attnotnull
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, pos)
        LEFT JOIN pg_attribute AS a
            ON a.attrelid = i.indrelid
            AND a.attnum = k.attnum
            AND k.attnum > 0
        ORDER BY k.pos
    ) AS not_null,
    i.indclass::oid[] AS opclasses,
    i.indcollation::oid[] AS collations,
    i.indoption::int2[] AS options,
    pg_get_expr(i.indpred, i.indrelid) AS predicate,
    pg_get_expr(i.indexprs, i.indrelid) AS expressions,
    pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS t ON t.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_am AS am ON am.oid = ic.relam
LEFT JOIN pg_constraint AS c
    ON c.conindid = i.indexrelid
    AND c.conrelid = i.indrelid
    AND c.contype IN ('p', 'u', 'x')
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND t.relkind IN ('r', 'p', 'm')
    AND NOT ic.relispartition
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = t.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, t.relname, ic.relname
