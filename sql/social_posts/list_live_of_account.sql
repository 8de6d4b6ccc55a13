-- Live social posts of one account of one user, newest first, after a keyset cursor.
-- params: $1 user_id uuid, $2 account_id uuid, $3 after_posted_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: social_posts_user_account_posted_idx
-- replica: yes
-- sample: account_id from tooling/sample_social_post_points row 2
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
    AND account_id = $2
    AND deleted_at IS NULL
    AND (posted_at, id) < (
        coalesce($3::timestamptz, 'infinity'),
        coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
    )
ORDER BY posted_at DESC, id DESC
LIMIT $5
