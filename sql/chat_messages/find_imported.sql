-- The live chat messages of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: what an import batch found already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: chat_messages_live_source_key
-- sample: source_platforms = ["whatsapp", "whatsapp", "imessage"]
-- sample: source_object_ids = ["wa-1", "wa-2", "im-1"]
SELECT
    m.id,
    m.source_platform,
    m.source_object_id
FROM chat_messages AS m
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON m.source_platform = k.source_platform
    AND m.source_object_id = k.source_object_id
WHERE m.user_id = $1
    AND m.deleted_at IS NULL
