-- Insert a batch of transactions for one user in one statement, each under the id given for it
-- in the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) is already held by a live row; returns the ids inserted. The amount of
-- each item is a JSON string (checked against its currency), read into numeric digit by digit.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: transactions_live_source_key
-- sample: items = [{"account_name": "Checking", "amount": "-12.30", "currency": "EUR", "occurred_at": "2025-06-01T12:00:00Z", "merchant": "Lidl", "category": "groceries", "pending": false, "metadata": {}, "source_platform": "gocardless", "source_object_id": "explain-import-1"}]
INSERT INTO transactions (
    user_id, id, account_name, amount, currency, occurred_at, merchant, category, description,
    pending, metadata, source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.account_name,
    item.amount,
    item.currency,
    item.occurred_at,
    item.merchant,
    item.category,
    item.description,
    coalesce(item.pending, false),
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        account_name text,
        amount numeric,
        currency text,
        occurred_at timestamptz,
        merchant text,
        category text,
        description text,
        pending boolean,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    account_name, amount, currency, occurred_at, merchant, category, description, pending,
    metadata, source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
