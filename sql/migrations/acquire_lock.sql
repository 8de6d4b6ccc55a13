-- Take the migrators' session advisory lock if no other migrator holds it: true when taken.
-- The runner asks again until it is, rather than wait inside pg_advisory_lock: a session waiting
-- in a statement holds a snapshot, and a CREATE INDEX CONCURRENTLY run by the migrator holding
-- the lock waits for every older snapshot to go, so the two would deadlock.
-- params: $1 lock_key bigint
-- uses: none (advisory lock, reads no table)
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
SELECT pg_try_advisory_lock($1)
