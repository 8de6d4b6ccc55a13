-- Move one live chat message of one user to the trash; its conversation's summary row follows
-- (trigger).
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: chat_messages_pkey
-- trigger uses: chat_conversations_pkey, chat_messages_live_conversation_idx (chat_messages_maintain_conversations: the summary row is counted down, and the latest live message found again when the latest one left)
-- sample: id from tooling/sample_chat_message_points row 2
-- sample: expected_updated_at = null
UPDATE chat_messages
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
