-- For the rest of the current transaction, lift the service's statement timeout to $1. Taken by
-- a change of search language (UserMapper.update), whose one UPDATE of users rebuilds every
-- search vector of the user (0038), a few thousand items a second: longer than any other
-- statement may take.
-- params: $1 statement_timeout text
-- uses: none (session setting, reads no table)
-- plan: not checked (sets a setting, reads no table)
SELECT set_config('statement_timeout', $1, true)
