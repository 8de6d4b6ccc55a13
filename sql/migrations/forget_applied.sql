-- Forget a migration that was rolled back, in the same transaction as its down part.
-- params: $1 version integer
-- uses: schema_migrations_pkey
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
DELETE FROM public.schema_migrations
WHERE version = $1
