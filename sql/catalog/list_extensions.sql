-- Extensions installed in the database, except plpgsql and the monitoring-only pg_stat_statements.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(e.extname) AS name,
    quote_ident(n.nspname) AS schema_name
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
WHERE e.extname NOT IN ('plpgsql', 'pg_stat_statements')
ORDER BY e.extname
