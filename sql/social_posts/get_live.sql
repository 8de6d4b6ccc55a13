-- One live social post of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: social_posts_pkey
-- replica: yes
-- sample: id from tooling/sample_social_post_points row 2
SELECT
    id,
    user_id,
    account_id,
    platform,
    posted_at,
    text,
    url,
    reply_to_post_id,
    like_count,
    share_count,
    reply_count,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM social_posts
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
