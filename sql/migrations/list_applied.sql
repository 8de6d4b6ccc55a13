-- Every applied migration, oldest first.
-- uses: schema_migrations_pkey
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
SELECT
    version,
    name,
    checksum,
    applied_at,
    execution_ms
FROM public.schema_migrations
ORDER BY version
