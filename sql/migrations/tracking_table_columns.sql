-- The columns of public.schema_migrations, if the table exists (no rows when it does not), so
-- the runner can refuse a table of that name it did not make before reading or writing it.
-- uses: none (catalog lookup by name)
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
SELECT
    a.attname AS name,
    format_type(a.atttypid, a.atttypmod) AS data_type,
    a.attnotnull AS not_null
FROM pg_attribute AS a
WHERE a.attrelid = to_regclass('public.schema_migrations')
    AND a.attnum > 0
    AND NOT a.attisdropped
ORDER BY a.attnum
