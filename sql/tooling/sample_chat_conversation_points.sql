-- Three conversations of one user's conversation list, a quarter, half and three quarters of the
-- way through it in list order: keyset cursors inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's conversation summaries once)
SELECT
    ranked.position,
    ranked.latest_sent_at,
    ranked.conversation_id,
    ranked.platform
FROM (
    SELECT
        c.latest_sent_at,
        c.conversation_id,
        c.platform,
        row_number() OVER (ORDER BY c.latest_sent_at, c.conversation_id, c.platform) AS position,
        count(*) OVER () AS total
    FROM chat_conversations AS c
    WHERE c.user_id = $1
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
