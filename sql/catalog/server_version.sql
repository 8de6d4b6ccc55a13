-- The server's major version number, for messages and version-dependent checks.
-- uses: none (reads a setting)
SELECT current_setting('server_version_num')::integer / 10000
