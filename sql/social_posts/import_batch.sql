-- Insert a batch of social posts for one user in one statement, each under the id given for it
-- in the same position of $3 (with its account's platform, filled in by the caller), skipping
-- every item whose import key (source_platform, source_object_id) a live post already holds;
-- returns the ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: social_posts_live_source_key
-- sample: items = [{"account_id": "00000000-0000-4000-8000-000000000000", "platform": "twitter", "posted_at": "2025-06-01T12:00:00Z", "text": "hello", "like_count": 3, "share_count": 0, "reply_count": 0, "metadata": {}, "source_platform": "twitter", "source_object_id": "explain-import-1"}]
INSERT INTO social_posts (
    user_id, id, account_id, platform, posted_at, text, url, reply_to_post_id, like_count,
    share_count, reply_count, metadata, source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.account_id,
    item.platform,
    item.posted_at,
    item.text,
    item.url,
    item.reply_to_post_id,
    coalesce(item.like_count, 0),
    coalesce(item.share_count, 0),
    coalesce(item.reply_count, 0),
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        account_id uuid,
        platform text,
        posted_at timestamptz,
        text text,
        url text,
        reply_to_post_id uuid,
        like_count integer,
        share_count integer,
        reply_count integer,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    account_id, platform, posted_at, text, url, reply_to_post_id, like_count, share_count,
    reply_count, metadata, source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
