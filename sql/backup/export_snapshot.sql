-- Export the snapshot of the current REPEATABLE READ transaction, for pg_dump --snapshot: the
-- dump and the manifest's counts and checksums then describe exactly the same data.
-- uses: none (reads no table)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT pg_export_snapshot()
