-- For the rest of the current transaction, fire no triggers, foreign-key checks included, as
-- pg_restore does for a data-only load: the seeder's rows are consistent by construction, and
-- checking each media row's user costs as much as storing the row. Superusers only.
-- uses: none (session setting, reads no table)
SELECT set_config('session_replication_role', 'replica', true)
