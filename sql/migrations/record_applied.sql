-- Record that a migration was applied, in the same transaction as its statements.
-- params: $1 version integer, $2 name text, $3 checksum text, $4 execution_ms integer
-- uses: none (plain insert)
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
INSERT INTO public.schema_migrations (version, name, checksum, execution_ms)
VALUES ($1, $2, $3, $4)
