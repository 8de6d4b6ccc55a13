-- Totals of one user's live transactions in the window [from, to), per category (the
-- uncategorized last) and per currency (amounts in different currencies are never added):
-- count, net total, money in, money out, and how much of it is pending; exact numeric sums. An
-- index-only scan of the window's range of the covering date index, hashed by category.
-- params: $1 user_id uuid, $2 from_at timestamptz, $3 to_at timestamptz
-- uses: transactions_live_user_occurred_idx
-- replica: yes
-- sample: from_at = occurred_at from tooling/sample_transaction_points row 1
-- sample: to_at = occurred_at from tooling/sample_transaction_points row 3
SELECT
    category,
    currency,
    count(*) AS count,
    sum(amount) AS total,
    sum(amount) FILTER (WHERE amount > 0) AS inflow,
    sum(amount) FILTER (WHERE amount < 0) AS outflow,
    count(*) FILTER (WHERE pending) AS pending_count,
    sum(amount) FILTER (WHERE pending) AS pending_total
FROM transactions
WHERE user_id = $1
    AND deleted_at IS NULL
    AND occurred_at >= $2
    AND occurred_at < $3
GROUP BY category, currency
ORDER BY category NULLS LAST, currency
