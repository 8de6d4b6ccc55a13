-- Whether a database of this name exists on the server.
-- params: $1 database_name text
-- uses: none (catalog query; small system table)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT exists(
    SELECT 1
    FROM pg_database
    WHERE datname = $1
)
