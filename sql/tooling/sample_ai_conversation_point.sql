-- The longest AI conversation of one user, and the interaction half-way through it: a
-- conversation key and a keyset cursor inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's live interactions once; the planner picks among the indexes on
-- user_id)
SELECT
    ranked.conversation_id,
    ranked.created_at,
    ranked.id
FROM (
    SELECT
        a.conversation_id,
        a.created_at,
        a.id,
        row_number() OVER (PARTITION BY a.conversation_id ORDER BY a.created_at, a.id) AS position,
        count(*) OVER (PARTITION BY a.conversation_id) AS total
    FROM ai_interactions AS a
    WHERE a.user_id = $1
        AND a.deleted_at IS NULL
        AND a.conversation_id IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
ORDER BY ranked.total DESC, ranked.conversation_id
LIMIT 1
