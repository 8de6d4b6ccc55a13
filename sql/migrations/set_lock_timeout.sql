-- Bound how long a migration statement may queue behind another session's lock.
-- params: $1 lock_timeout text
-- uses: none (session setting, reads no table)
SELECT set_config('lock_timeout', $1, false)
