-- Store one new transaction for one user and return it; a live transaction with the same
-- import key is a unique violation (transactions_live_source_key), which the API answers with
-- 409. The amount arrives checked against its currency and with the currency's decimals.
-- params: $1 user_id uuid, $2 account_name text, $3 amount numeric, $4 currency text, $5 occurred_at timestamptz, $6 merchant text, $7 category text, $8 description text, $9 pending boolean, $10 metadata jsonb, $11 source_integration_id uuid, $12 source_platform text, $13 source_object_id text
-- uses: none (plain insert)
-- sample: account_name = "Checking"
-- sample: currency = "EUR"
-- sample: source_platform = "gocardless"
INSERT INTO transactions (
    user_id, account_name, amount, currency, occurred_at, merchant, category, description,
    pending, metadata, source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
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
