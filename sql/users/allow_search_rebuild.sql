-- For the rest of the current transaction, lift the service's statement timeout to $1: a change
-- of search language rebuilds every search vector of the user within the one UPDATE of users
-- (0038), about 2,000 to 4,000 items a second, longer than any other statement may take.
-- params: $1 statement_timeout text
-- uses: none (session setting, reads no table)
-- plan: not checked (sets a setting, reads no table)
SELECT set_config('statement_timeout', $1, true)
