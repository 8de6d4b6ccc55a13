-- The row count of one table and a checksum of its rows that does not depend on their physical
-- order: the sum of a 64-bit hash of each row's text. One sequential scan and no sort, so it
-- costs about what pg_dump's COPY of the table costs, on millions of rows too. row(t.*) and not
-- t: a column named t would win over the whole-row reference. The row text depends on output
-- settings (dates, floats, bytea), which backup/set_local_row_text_styles fixes first.
-- identifiers: schema, table
-- uses: none (reads every row of the table: a backup checksums all of them)
-- plan: not checked (a whole-table scan by design, run by backup and restore only)
SELECT
    count(*) AS row_count,
    coalesce(sum(hashtextextended(row(t.*)::text, 0)), 0)::text AS checksum
FROM {schema}.{table} AS t
