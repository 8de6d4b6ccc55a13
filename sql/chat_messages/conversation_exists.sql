-- Whether one user has a conversation with live messages under this key (on this platform, when
-- given): an empty first page of its messages is then a 404, not an empty list.
-- params: $1 user_id uuid, $2 conversation_id text, $3 platform text
-- uses: chat_conversations_pkey
-- sample user: heaviest owner of chat_conversations
-- sample: conversation_id, platform from tooling/sample_chat_conversation_point
SELECT EXISTS (
    SELECT 1
    FROM chat_conversations
    WHERE user_id = $1
        AND conversation_id = $2
        AND ($3::text IS NULL OR platform = $3)
) AS found
