-- Export (GET /v1/me/export): the next batch of one user's chat conversations, live and trashed, in primary
-- key order after a keyset cursor (the last key of the previous batch; the first batch starts
-- below every key). Each row is one JSON object of all its columns: a column added later is
-- exported without a change here. Every batch runs in the export's one REPEATABLE READ
-- transaction, so the batches together are one snapshot.
-- params: $1 user_id uuid, $2 after_conversation_id text, $3 after_platform text, $4 lim integer
-- uses: chat_conversations_pkey
-- sample user: heaviest owner of chat_conversations
SELECT
    row_to_json(t)::text AS line,
    t.conversation_id,
    t.platform
FROM chat_conversations AS t
WHERE t.user_id = $1
    AND (t.conversation_id, t.platform) > ($2, $3)
ORDER BY
    t.conversation_id,
    t.platform
LIMIT $4
