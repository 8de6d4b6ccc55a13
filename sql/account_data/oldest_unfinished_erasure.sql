-- The account of the oldest erasure whose audit trail is not all gone yet (a DELETE /v1/me
-- stopped between removing the account and its last audit batch), for `hypernet db purge` to
-- finish. None when every erasure is done.
-- uses: none (account_erasures holds only erasures in progress: a handful of rows, none most of the time)
SELECT user_id
FROM account_erasures
ORDER BY requested_at
LIMIT 1
