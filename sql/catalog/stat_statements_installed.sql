-- Whether pg_stat_statements is installed in this database (CREATE EXTENSION), so its view can
-- be read: `hypernet sql stats` says what to do when it is not.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    EXISTS (
        SELECT 1
        FROM pg_extension AS e
        WHERE e.extname = 'pg_stat_statements'
    ) AS installed
