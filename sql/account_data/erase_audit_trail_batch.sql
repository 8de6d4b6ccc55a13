-- Erase (DELETE /v1/me), the audit trail: delete up to a batch of one erased account's events
-- through erase_audit_trail_batch() (migration 0033: the one door through the append-only
-- log, open only while account_erasures names the account and its users row is gone). The
-- last batch removes the account_erasures row. Returns how many events went.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: none (a function call; its DELETE reads audit_log_pkey of each month)
-- plan: not checked (the plan of a function call shows none of the statements inside it)
SELECT erase_audit_trail_batch($1, $2)
