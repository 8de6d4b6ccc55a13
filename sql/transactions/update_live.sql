-- Change the fields named in a JSON patch of one live transaction, if its version still
-- matches. A key absent from the patch keeps its value; a key present with null clears it. The
-- amount travels as a JSON string, so ->> gives its digits exactly.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: transactions_pkey
-- sample: id from tooling/sample_transaction_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE transactions
SET
    account_name = CASE WHEN $3 ? 'account_name' THEN $3 ->> 'account_name' ELSE account_name END,
    amount = CASE WHEN $3 ? 'amount' THEN ($3 ->> 'amount')::numeric ELSE amount END,
    currency = CASE WHEN $3 ? 'currency' THEN $3 ->> 'currency' ELSE currency END,
    occurred_at = CASE
        WHEN $3 ? 'occurred_at' THEN ($3 ->> 'occurred_at')::timestamptz
        ELSE occurred_at
    END,
    merchant = CASE WHEN $3 ? 'merchant' THEN $3 ->> 'merchant' ELSE merchant END,
    category = CASE WHEN $3 ? 'category' THEN $3 ->> 'category' ELSE category END,
    description = CASE WHEN $3 ? 'description' THEN $3 ->> 'description' ELSE description END,
    pending = CASE WHEN $3 ? 'pending' THEN ($3 ->> 'pending')::boolean ELSE pending END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
    id,
    user_id,
    account_name,
    amount,
    currency,
    occurred_at,
    merchant,
    category,
    description,
    pending,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
