-- The longest conversation of one user, and the message half-way through it: a conversation
-- key and a keyset cursor inside the heaviest real conversation.
-- params: $1 user_id uuid
-- uses: none (reads one user's conversation summaries and one conversation once; the planner
-- picks among the indexes on user_id)
SELECT
    ranked.conversation_id,
    ranked.platform,
    ranked.sent_at,
    ranked.id
FROM (
    SELECT
        m.conversation_id,
        m.platform,
        m.sent_at,
        m.id,
        row_number() OVER (ORDER BY m.sent_at, m.id) AS position,
        count(*) OVER () AS total
    FROM chat_messages AS m
    JOIN (
        SELECT
            c.conversation_id,
            c.platform
        FROM chat_conversations AS c
        WHERE c.user_id = $1
        ORDER BY c.message_count DESC, c.conversation_id
        LIMIT 1
    ) AS longest
        ON m.conversation_id = longest.conversation_id
        AND m.platform = longest.platform
    WHERE m.user_id = $1
        AND m.deleted_at IS NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
