-- Erase (DELETE /v1/me): hard-delete the next batch of one user's chat conversations, in the
-- caller's own short transaction, so other users are never blocked and no transaction grows with
-- the account. The batch is the first $2 keys (conversation_id, platform) in primary key order (an
-- index-only scan); exactly those rows go, found again through the primary key: conversation_id =
-- ANY of the batch's conversation_ids (an array the planner cannot see, which it counts as a
-- handful of keys, so it probes the index at any size of the table or the user; see
-- erase_media.sql), and of those rows the ones up to the batch's last key (every platform of a
-- conversation_id inside the batch, those of the last conversation_id up to its last platform): the
-- batch is the first keys in order, so nothing outside it is at or before its last.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: chat_conversations_pkey
-- sample user: heaviest owner of chat_conversations
WITH doomed AS MATERIALIZED (
    SELECT
        conversation_id,
        platform
    FROM chat_conversations
    WHERE user_id = $1
    ORDER BY
        conversation_id,
        platform
    LIMIT $2
)
DELETE FROM chat_conversations
WHERE user_id = $1
    AND conversation_id = ANY (ARRAY(SELECT d.conversation_id FROM doomed AS d))
    AND (conversation_id, platform) <= (
        SELECT
            d.conversation_id,
            d.platform
        FROM doomed AS d
        ORDER BY
            d.conversation_id DESC,
            d.platform DESC
        LIMIT 1
    )
