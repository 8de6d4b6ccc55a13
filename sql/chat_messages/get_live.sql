-- One live chat message of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: chat_messages_pkey
-- replica: yes
-- sample: id from tooling/sample_chat_message_points row 2
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
    AND id = $2
    AND deleted_at IS NULL
