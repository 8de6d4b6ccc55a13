-- Insert a batch of chat messages for one user in one statement, each under the id given for it
-- in the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) is already held by a live row; returns the ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: chat_messages_live_source_key
-- trigger uses: chat_conversations_pkey (chat_messages_maintain_conversations: the summary row of each message's conversation is counted up)
-- sample: items = [{"conversation_id": "explain-chat", "platform": "whatsapp", "sender": "+15550100", "sender_is_user": false, "text": "hello", "sent_at": "2025-06-01T12:00:00Z", "metadata": {}, "source_platform": "whatsapp", "source_object_id": "explain-import-1"}]
INSERT INTO chat_messages (
    user_id, id, conversation_id, platform, sender, sender_is_user, text, sent_at,
    reply_to_message_id, edited_at, metadata, source_integration_id, source_platform,
    source_object_id
)
SELECT
    $1,
    item.id,
    item.conversation_id,
    item.platform,
    item.sender,
    item.sender_is_user,
    item.text,
    item.sent_at,
    item.reply_to_message_id,
    item.edited_at,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        conversation_id text,
        platform text,
        sender text,
        sender_is_user boolean,
        text text,
        sent_at timestamptz,
        reply_to_message_id uuid,
        edited_at timestamptz,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    conversation_id, platform, sender, sender_is_user, text, sent_at, reply_to_message_id,
    edited_at, metadata, source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
