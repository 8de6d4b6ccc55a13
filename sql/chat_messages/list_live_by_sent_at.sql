-- Live chat messages of one user across conversations, newest first, after a keyset cursor.
-- params: $1 user_id uuid, $2 after_sent_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: chat_messages_live_user_sent_idx
-- replica: yes
-- sample: after_sent_at = sent_at, after_id = id from tooling/sample_chat_message_points row 2
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
    AND deleted_at IS NULL
    AND (sent_at, id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY sent_at DESC, id DESC
LIMIT $4
