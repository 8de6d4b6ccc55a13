-- Three categorized transactions of one user's live list, a quarter, half and three quarters of
-- the way through it in date order: keyset cursors, summary windows, and a category and an
-- account with their cursors inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves, and which one
-- is a close call the planner may make either way)
SELECT
    ranked.position,
    ranked.occurred_at,
    ranked.id,
    ranked.category,
    ranked.account_name
FROM (
    SELECT
        t.occurred_at,
        t.id,
        t.category,
        t.account_name,
        row_number() OVER (ORDER BY t.occurred_at, t.id) AS position,
        count(*) OVER () AS total
    FROM transactions AS t
    WHERE t.user_id = $1
        AND t.deleted_at IS NULL
        AND t.category IS NOT NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
