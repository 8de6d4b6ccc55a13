-- For the rest of the transaction, print values the same way whatever the server's or the
-- role's defaults, so that a row's text (what backup/table_checksum hashes) is the same on the
-- server that made the backup and on the one it is restored to; and read every row, never
-- fewer: with row security on, a policy would silently hide rows from the checksum (off makes
-- such a table an error instead, as it is for pg_dump).
-- uses: none (sets settings)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    set_config('datestyle', 'ISO, MDY', true),
    set_config('intervalstyle', 'postgres', true),
    set_config('timezone', 'UTC', true),
    set_config('bytea_output', 'hex', true),
    set_config('extra_float_digits', '1', true),
    set_config('row_security', 'off', true)
