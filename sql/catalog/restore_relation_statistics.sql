-- Set the size statistics of one table, partition or index of the public schema (PostgreSQL
-- 18's pg_restore_relation_stats): `sql check --stats` loading an exported file into an empty
-- database. A NULL leaves that statistic as it is.
-- params: $1 relation_name text, $2 relpages int4, $3 reltuples float4, $4 relallvisible int4
-- uses: none (a function call; writes pg_class)
-- plan: not checked (loads planner statistics: a catalog write, not application data)
SELECT pg_restore_relation_stats(
    'schemaname', 'public',
    'relname', $1::text,
    'relpages', $2::int4,
    'reltuples', $3::float4,
    'relallvisible', $4::int4
)
