-- The statistics of the range-typed columns of the public schema (pg_stats fields PostgreSQL 17
-- added; read only from 17 on): what catalog/column_statistics leaves out. range_bounds_histogram
-- holds values sampled from the rows (`stats-export --redact` leaves it out).
-- uses: none (catalog query; reads pg_stats)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    s.tablename AS table_name,
    s.attname AS column_name,
    s.inherited,
    s.range_length_histogram::text AS range_length_histogram,
    s.range_empty_frac::float8 AS range_empty_frac,
    s.range_bounds_histogram::text AS range_bounds_histogram
FROM pg_stats AS s
WHERE s.schemaname = 'public'
    AND s.range_empty_frac IS NOT NULL
ORDER BY s.tablename, s.attname, s.inherited
