-- Every applied migration, oldest first.
-- uses: schema_migrations_pkey
SELECT
    version,
    name,
    checksum,
    applied_at,
    execution_ms
FROM schema_migrations
ORDER BY version
