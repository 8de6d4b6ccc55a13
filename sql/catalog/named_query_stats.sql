-- What pg_stat_statements counted for each named query run in this database, most total
-- execution time first: calls, total and mean time (ms), rows, shared blocks found in the
-- buffers and read. A named query is known by the `/* hypernet:<name> */` tag its text carries
-- (hypernet/queries.py); its entries (one per role, top-level or nested) are added up.
-- params: $1 lim integer, $2 left_out text[]
-- uses: none (catalog query; reads the pg_stat_statements view)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    named.name,
    sum(named.calls)::bigint AS calls,
    sum(named.total_exec_time)::float8 AS total_ms,
    (sum(named.total_exec_time) / nullif(sum(named.calls), 0))::float8 AS mean_ms,
    sum(named.rows)::bigint AS rows,
    sum(named.shared_blks_hit)::bigint AS shared_blks_hit,
    sum(named.shared_blks_read)::bigint AS shared_blks_read
FROM (
    SELECT
        substring(s.query FROM '/\* hypernet:([a-z][a-z0-9_]*/[a-z][a-z0-9_]*) \*/') AS name,
        s.calls,
        s.total_exec_time,
        s.rows,
        s.shared_blks_hit,
        s.shared_blks_read
    FROM pg_stat_statements AS s
    WHERE s.dbid = (
            SELECT d.oid
            FROM pg_database AS d
            WHERE d.datname = current_database()
        )
        AND s.query LIKE '%/* hypernet:%'
) AS named
WHERE named.name IS NOT NULL
    AND named.name <> ALL ($2::text[])
GROUP BY named.name
ORDER BY
    total_ms DESC,
    named.name
LIMIT $1
