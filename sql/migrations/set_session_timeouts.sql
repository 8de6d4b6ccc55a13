-- Set the migrator session's lock_timeout and statement_timeout ('0' switches a limit off).
-- params: $1 lock_timeout text, $2 statement_timeout text
-- uses: none (session settings, reads no table)
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
SELECT
    set_config('lock_timeout', $1, false),
    set_config('statement_timeout', $2, false)
