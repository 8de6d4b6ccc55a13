-- Change the fields named in a JSON patch of one live chat message, if its version still
-- matches. A key absent from the patch keeps its value; a key present with null clears it.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: chat_messages_pkey
-- sample: id from tooling/sample_chat_message_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE chat_messages
SET
    text = CASE WHEN $3 ? 'text' THEN $3 ->> 'text' ELSE text END,
    edited_at = CASE WHEN $3 ? 'edited_at' THEN ($3 ->> 'edited_at')::timestamptz ELSE edited_at END,
    reply_to_message_id = CASE
        WHEN $3 ? 'reply_to_message_id' THEN ($3 ->> 'reply_to_message_id')::uuid
        ELSE reply_to_message_id
    END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
