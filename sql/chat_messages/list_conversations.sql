-- The conversations of one user with live messages, the one with the newest message first,
-- after a keyset cursor (latest_sent_at, conversation_id, platform): one range of one index, read
-- backwards, however many conversations and messages the user has. A null cursor starts at the
-- top (every latest_sent_at is below 'infinity', so the text parts of the bound never matter).
-- params: $1 user_id uuid, $2 after_latest_sent_at timestamptz, $3 after_conversation_id text, $4 after_platform text, $5 lim integer
-- uses: chat_conversations_user_latest_idx
-- replica: yes
-- sample user: heaviest owner of chat_conversations
-- sample: after_latest_sent_at = latest_sent_at, after_conversation_id = conversation_id, after_platform = platform from tooling/sample_chat_conversation_points row 2
SELECT
    conversation_id,
    platform,
    latest_sent_at,
    message_count
FROM chat_conversations
WHERE user_id = $1
    AND (latest_sent_at, conversation_id, platform) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::text, ''), coalesce($4::text, ''))
ORDER BY latest_sent_at DESC, conversation_id DESC, platform DESC
LIMIT $5
