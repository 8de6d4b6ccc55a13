-- Store one new chat message for one user and return it; its conversation's summary row follows
-- (trigger).
-- params: $1 user_id uuid, $2 conversation_id text, $3 platform text, $4 sender text, $5 sender_is_user boolean, $6 text text, $7 sent_at timestamptz, $8 reply_to_message_id uuid, $9 edited_at timestamptz, $10 metadata jsonb, $11 source_integration_id uuid, $12 source_platform text, $13 source_object_id text
-- uses: none (plain insert)
-- trigger uses: chat_conversations_pkey (chat_messages_maintain_conversations: the summary row of the message's conversation is counted up)
-- sample: platform = "whatsapp"
-- sample: sender = "+15550100"
-- sample: source_platform = "whatsapp"
INSERT INTO chat_messages (
    user_id, conversation_id, platform, sender, sender_is_user, text, sent_at,
    reply_to_message_id, edited_at, metadata, source_integration_id, source_platform,
    source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
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
