-- Totals of one user's live AI interactions in the window [from, to), per model and currency:
-- count, tokens in and out, cost (exact numeric sums; costs in different currencies are never
-- added). An index-only scan of the window's range of the covering index, hashed by model.
-- params: $1 user_id uuid, $2 from_at timestamptz, $3 to_at timestamptz
-- uses: ai_interactions_live_user_created_idx
-- replica: yes
-- sample: from_at = created_at from tooling/sample_ai_points row 1
-- sample: to_at = created_at from tooling/sample_ai_points row 3
SELECT
    model,
    currency,
    count(*) AS interactions,
    sum(tokens_in)::bigint AS tokens_in,
    sum(tokens_out)::bigint AS tokens_out,
    sum(cost) AS cost
FROM ai_interactions
WHERE user_id = $1
    AND deleted_at IS NULL
    AND created_at >= $2
    AND created_at < $3
GROUP BY model, currency
ORDER BY model, currency
