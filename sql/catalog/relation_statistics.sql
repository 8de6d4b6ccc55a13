-- The planner's size statistics of every table, partition and index of the public schema
-- (pg_class.relpages, reltuples, relallvisible, kept by VACUUM and ANALYZE), with the parent
-- and bound of a partition: what `hypernet sql stats-export` writes, and what a scratch database
-- needs to plan as this one does. No row of user data: sizes only.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    c.relname AS name,
    c.relkind::text AS kind,
    c.relpages::bigint AS relpages,
    c.reltuples::float8 AS reltuples,
    c.relallvisible::bigint AS relallvisible,
    parent.relname AS parent,
    pg_get_expr(c.relpartbound, c.oid) AS partition_bound
FROM pg_class AS c
JOIN pg_namespace AS n
    ON n.oid = c.relnamespace
LEFT JOIN pg_inherits AS i
    ON i.inhrelid = c.oid
    AND c.relispartition
LEFT JOIN pg_class AS parent
    ON parent.oid = i.inhparent
WHERE n.nspname = 'public'
    AND c.relkind IN ('r', 'p', 'm', 'i', 'I')
ORDER BY c.relname
