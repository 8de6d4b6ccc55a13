-- Release the migrators' session advisory lock.
-- params: $1 lock_key bigint
-- uses: none (advisory lock, reads no table)
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
SELECT pg_advisory_unlock($1)
