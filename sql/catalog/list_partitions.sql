-- The partitions of the given partitioned tables, each with its range [lower, upper) (null for a
-- DEFAULT partition, or a bound that is not a timestamp), its parent's partition key column and
-- whether it is the parent's DEFAULT partition: what `hypernet db maintain` works from.
-- params: $1 table_names text[]
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    p.relname AS table_name,
    n.nspname AS schema_name,
    c.relname AS name,
    a.attname AS key_column,
    bound.text = 'DEFAULT' AS is_default,
    (regexp_match(bound.text, $re$FROM \('([^']+)'\) TO \('([^']+)'\)$re$))[1]::timestamptz AS lower,
    (regexp_match(bound.text, $re$FROM \('([^']+)'\) TO \('([^']+)'\)$re$))[2]::timestamptz AS upper
FROM pg_class AS p
JOIN pg_partitioned_table AS pt ON pt.partrelid = p.oid
JOIN pg_attribute AS a ON a.attrelid = p.oid AND a.attnum = pt.partattrs[0]
JOIN pg_inherits AS i ON i.inhparent = p.oid
JOIN pg_class AS c ON c.oid = i.inhrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS text) AS bound
WHERE p.oid = ANY (
        SELECT to_regclass(name)
        FROM unnest($1::text[]) AS name
    )
ORDER BY p.relname, lower NULLS LAST, c.relname
