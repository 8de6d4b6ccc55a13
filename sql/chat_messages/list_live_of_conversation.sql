-- The live messages of one conversation of one user in the order they were sent (oldest first),
-- after a keyset cursor. A null platform takes the conversation key on every platform (keys of
-- two platforms rarely collide; the filter tells them apart inside the conversation's range).
-- params: $1 user_id uuid, $2 conversation_id text, $3 platform text, $4 after_sent_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: chat_messages_live_conversation_idx
-- replica: yes
-- sample: conversation_id, platform, after_sent_at = sent_at, after_id = id from tooling/sample_chat_conversation_point
SELECT
    id,
    user_id,
    conversation_id,
    platform,
    sender,
    sender_is_user,
    text,
    sent_at,
    reply_to_message_id,
    edited_at,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM chat_messages
WHERE user_id = $1
    AND conversation_id = $2
    AND ($3::text IS NULL OR platform = $3)
    AND deleted_at IS NULL
    AND (sent_at, id) > (coalesce($4::timestamptz, '-infinity'), coalesce($5::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY sent_at, id
LIMIT $6
