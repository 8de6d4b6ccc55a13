-- Live social posts of one user, newest first, after a keyset cursor.
-- params: $1 user_id uuid, $2 after_posted_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: social_posts_live_user_posted_idx
-- replica: yes
-- sample: after_posted_at = posted_at, after_id = id from tooling/sample_social_post_points row 2
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
    AND deleted_at IS NULL
    AND (posted_at, id) < (
        coalesce($2::timestamptz, 'infinity'),
        coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
    )
ORDER BY posted_at DESC, id DESC
LIMIT $4
