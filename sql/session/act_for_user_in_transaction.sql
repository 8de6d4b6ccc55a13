-- Make the current transaction act for one user (row-level security, 0031), when the user is
-- known only after the transaction began; the connection's own setting returns at its end.
-- params: $1 user_id text
-- uses: none (session setting, reads no table)
-- plan: not checked (sets a setting, reads no table)
SELECT set_config('hypernet.user_id', $1, true)
