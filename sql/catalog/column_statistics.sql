-- The planner's column statistics of the public schema (pg_stats: one row per column of a table,
-- partition or expression index, and per partitioned table with inherited = true), the
-- value-carrying fields as text so they load back through pg_restore_attribute_stats; the range
-- type fields, which PostgreSQL 17 added, come from catalog/column_range_statistics. Which fields
-- hold values sampled from the rows: most_common_vals, histogram_bounds and most_common_elems
-- (`stats-export --redact` leaves them, and the frequencies that go with them, out).
-- uses: none (catalog query; reads pg_stats)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    s.tablename AS table_name,
    s.attname AS column_name,
    s.inherited,
    s.null_frac::float8 AS null_frac,
    s.avg_width,
    s.n_distinct::float8 AS n_distinct,
    s.most_common_vals::text AS most_common_vals,
    s.most_common_freqs::float8[] AS most_common_freqs,
    s.histogram_bounds::text AS histogram_bounds,
    s.correlation::float8 AS correlation,
    s.most_common_elems::text AS most_common_elems,
    s.most_common_elem_freqs::float8[] AS most_common_elem_freqs,
    s.elem_count_histogram::float8[] AS elem_count_histogram
FROM pg_stats AS s
WHERE s.schemaname = 'public'
ORDER BY s.tablename, s.attname, s.inherited
