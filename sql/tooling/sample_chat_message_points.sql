-- Three messages of one user's live message list, a quarter, half and three quarters of the way
-- through it in list order: keyset cursors and ids that fall inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves, and which one
-- is a close call the planner may make either way)
SELECT
    ranked.position,
    ranked.sent_at,
    ranked.id
FROM (
    SELECT
        m.sent_at,
        m.id,
        row_number() OVER (ORDER BY m.sent_at, m.id) AS position,
        count(*) OVER () AS total
    FROM chat_messages AS m
    WHERE m.user_id = $1
        AND m.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
