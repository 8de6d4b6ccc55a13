-- Totals of one user's live transactions in the window [from, to), per calendar month in the
-- given time zone and per currency (amounts in different currencies are never added): count,
-- net total, money in, money out, and how much of it is pending; exact numeric sums. An
-- index-only scan of the window's range of the covering date index, hashed by month.
-- params: $1 user_id uuid, $2 from_at timestamptz, $3 to_at timestamptz, $4 tz text
-- uses: transactions_live_user_occurred_idx
-- replica: yes
-- sample: from_at = occurred_at from tooling/sample_transaction_points row 1
-- sample: to_at = occurred_at from tooling/sample_transaction_points row 3
-- sample: tz = "Europe/Berlin"
SELECT
    to_char(occurred_at AT TIME ZONE $4, 'YYYY-MM') AS month,
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
GROUP BY month, currency
ORDER BY month, currency
