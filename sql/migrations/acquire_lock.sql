-- Take the migrators' session advisory lock, waiting for any other migrator to finish.
-- params: $1 lock_key bigint
-- uses: none (advisory lock, reads no table)
SELECT pg_advisory_lock($1)
