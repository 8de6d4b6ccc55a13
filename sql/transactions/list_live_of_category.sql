-- Live transactions of one user in one category, newest first (by occurred_at), from an
-- optional start of the window on, after a keyset cursor.
-- The window's end is not a parameter: the mapper folds it into the cursor (the keyset walk
-- starts below `to` or below the cursor, whichever is lower), so that one row comparison bounds
-- the walk from above, and the generic plan still takes the index of the filter.
-- params: $1 user_id uuid, $2 category text, $3 from_at timestamptz, $4 after_occurred_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: transactions_live_category_idx
-- replica: yes
-- sample: category, after_occurred_at = occurred_at, after_id = id from tooling/sample_transaction_points row 2
-- sample: from_at = null
SELECT
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
FROM transactions
WHERE user_id = $1
    AND category = $2
    AND deleted_at IS NULL
    AND occurred_at >= coalesce($3::timestamptz, '-infinity')
    AND (occurred_at, id) < (coalesce($4::timestamptz, 'infinity'), coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY occurred_at DESC, id DESC
LIMIT $6
