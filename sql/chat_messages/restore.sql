-- Bring one trashed chat message of one user back, unless a live message now holds its import
-- key; its conversation's summary row follows (trigger).
-- params: $1 user_id uuid, $2 id uuid
-- uses: chat_messages_pkey
-- generic plan: uses chat_messages_trash_user_deleted_idx | chat_messages_pkey (not knowing the user, the planner costs the user's range of the small trash index, id checked inside the index, and the primary key's one probe alike and takes either: the range is at most that user's trash, which the 30-day purge bounds; planned at a thousand times the size, it takes the primary key)
-- trigger uses: chat_conversations_pkey (chat_messages_maintain_conversations: the summary row of the message's conversation is counted up)
-- sample: id from tooling/sample_chat_trash_point
UPDATE chat_messages
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
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
