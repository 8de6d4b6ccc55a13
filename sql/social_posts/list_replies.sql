-- The live replies to one post of one user in thread order (oldest first), after a keyset
-- cursor. A null cursor starts at the first reply.
-- params: $1 user_id uuid, $2 reply_to_post_id uuid, $3 after_posted_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: social_posts_user_reply_to_idx
-- replica: yes
-- sample: reply_to_post_id = reply_to_post_id, after_posted_at = posted_at, after_id = id from tooling/sample_social_post_thread
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
    AND reply_to_post_id = $2
    AND deleted_at IS NULL
    AND (posted_at, id) > (
        coalesce($3::timestamptz, '-infinity'),
        coalesce($4::uuid, '00000000-0000-0000-0000-000000000000')
    )
ORDER BY posted_at, id
LIMIT $5
