-- The server's major version number, for messages and version-dependent checks.
-- uses: none (reads a setting)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT current_setting('server_version_num')::integer / 10000
