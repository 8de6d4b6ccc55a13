-- The live message that holds each item's Message-ID, else its import key, by the item's
-- position in the batch: the ids of the items an import skipped.
-- params: $1 user_id uuid, $2 message_ids text[], $3 source_platforms text[], $4 source_object_ids text[]
-- uses: emails_live_message_id_key, emails_live_source_key
-- sample: message_ids = ["<a@example.com>", "<b@example.com>"]
-- sample: source_platforms = ["gmail", "gmail"]
-- sample: source_object_ids = ["gm-1", "gm-2"]
SELECT
    k.position,
    coalesce(by_message.id, by_source.id) AS id
FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY
    AS k (message_id, source_platform, source_object_id, position)
LEFT JOIN LATERAL (
    SELECT e.id
    FROM emails AS e
    WHERE e.user_id = $1
        AND e.message_id = k.message_id
        AND e.deleted_at IS NULL
) AS by_message ON true
LEFT JOIN LATERAL (
    SELECT e.id
    FROM emails AS e
    WHERE e.user_id = $1
        AND e.source_platform = k.source_platform
        AND e.source_object_id = k.source_object_id
        AND e.deleted_at IS NULL
        AND e.source_platform IS NOT NULL
        AND e.source_object_id IS NOT NULL
) AS by_source ON true
