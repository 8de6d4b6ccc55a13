-- Make the connection act for one user (row-level security, 0031: every policy compares
-- user_id to this setting), or for nobody with ''. Session-wide: run on a pooled connection
-- as it is taken, outside any transaction (one that rolled back would undo it).
-- params: $1 user_id text
-- uses: none (session setting, reads no table)
-- plan: not checked (sets a setting, reads no table)
SELECT set_config('hypernet.user_id', $1, false)
