-- Erase (DELETE /v1/me), last step but the audit trail: delete the account row (its e-mail claim
-- in user_emails goes with it, ON DELETE CASCADE, so the address is free again; so does any row
-- a request of the account's wrote after its table's batches were done) and note the erasure
-- in progress, under its pseudonym, for erase_audit_trail_batch(), in one statement. Returns
-- nothing when the account is already gone.
-- params: $1 id uuid, $2 pseudonym uuid
-- uses: users_pkey
-- sample: id = user
-- trigger uses: user_emails_user_id_idx (the cascade of user_emails_user_id_fkey finds the account's e-mail claim)
WITH gone AS (
    DELETE FROM users
    WHERE id = $1
    RETURNING id
)
INSERT INTO account_erasures (user_id, pseudonym)
SELECT
    id,
    $2
FROM gone
RETURNING user_id
