-- Three interactions of one user's live list, a quarter, half and three quarters of the way
-- through it in time order: keyset cursors, time windows and a model inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves, and which one
-- is a close call the planner may make either way)
SELECT
    ranked.position,
    ranked.created_at,
    ranked.id,
    ranked.model
FROM (
    SELECT
        a.created_at,
        a.id,
        a.model,
        row_number() OVER (ORDER BY a.created_at, a.id) AS position,
        count(*) OVER () AS total
    FROM ai_interactions AS a
    WHERE a.user_id = $1
        AND a.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
