-- Erase (DELETE /v1/me): hard-delete the next batch of one user's chat conversations, in the caller's
-- own short transaction, so other users are never blocked and no transaction grows with the
-- account. The batch is the first $2 keys in primary key order (an index-only scan); every row
-- of the user's up to the last of them goes (exactly the batch: the key is unique), found
-- again through the primary key.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: chat_conversations_pkey
-- sample user: heaviest owner of chat_conversations
DELETE FROM chat_conversations AS t
USING (
    SELECT
        b.conversation_id,
        b.platform
    FROM (
        SELECT
            conversation_id,
            platform
        FROM chat_conversations
        WHERE user_id = $1
        ORDER BY
            conversation_id,
            platform
        LIMIT $2
    ) AS b
    ORDER BY
        b.conversation_id DESC,
        b.platform DESC
    LIMIT 1
) AS last
WHERE t.user_id = $1
    AND (t.conversation_id, t.platform) <= (last.conversation_id, last.platform)
