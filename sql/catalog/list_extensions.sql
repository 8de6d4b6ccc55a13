-- Extensions installed in the database, except the always-present plpgsql.
-- uses: none (catalog query; small system tables)
SELECT
    e.extname AS name
FROM pg_extension AS e
WHERE e.extname NOT IN ('plpgsql', 'pg_stat_statements')
ORDER BY e.extname
