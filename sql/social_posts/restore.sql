-- Bring one trashed social post of one user back, if its account is live (share-locked here,
-- so the account cannot go to the trash while this post comes back); a live post holding its
-- import key makes it fail with a unique violation (409).
-- params: $1 user_id uuid, $2 id uuid
-- uses: social_posts_pkey | social_posts_trash_user_deleted_idx, social_accounts_pkey
-- sample: id from tooling/sample_social_post_trash_point
UPDATE social_posts AS p
SET deleted_at = NULL
WHERE p.user_id = $1
    AND p.id = $2
    AND p.deleted_at IS NOT NULL
    AND EXISTS (
        SELECT 1
        FROM social_accounts AS a
        WHERE a.user_id = $1
            AND a.id = p.account_id
            AND a.deleted_at IS NULL
        FOR SHARE
    )
RETURNING
    p.id,
    p.user_id,
    p.account_id,
    p.platform,
    p.posted_at,
    p.text,
    p.url,
    p.reply_to_post_id,
    p.like_count,
    p.share_count,
    p.reply_count,
    p.created_at,
    p.updated_at,
    p.deleted_at,
    p.metadata,
    p.source_integration_id,
    p.source_platform,
    p.source_object_id
