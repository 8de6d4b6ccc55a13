-- What a backup's manifest says about where it was made: the server's full version and the
-- database's name.
-- uses: none (reads settings)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    current_setting('server_version') AS server_version,
    current_setting('server_version_num')::integer AS server_version_num,
    current_database() AS database_name
