-- For the rest of the current transaction, give up on a lock after this long (e.g. '2000ms'):
-- partition upkeep waits a moment for the service's statements on a table, never long.
-- params: $1 lock_timeout text
-- uses: none (session setting, reads no table)
SELECT set_config('lock_timeout', $1, true)
