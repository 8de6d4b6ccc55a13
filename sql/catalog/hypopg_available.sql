-- Whether the server can make hypothetical indexes (the hypopg extension is installed on it,
-- whether or not this database has it yet): `hypernet sql explain --with-index` says how to get it
-- when it cannot.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    EXISTS (
        SELECT 1
        FROM pg_available_extensions AS e
        WHERE e.name = 'hypopg'
    ) AS available
