-- Bring back the posts trashed together with one trashed social account of one user (their
-- deleted_at is the account's), before the account itself is restored in the same transaction;
-- a post whose import key a live post now holds stays in the trash.
-- params: $1 user_id uuid, $2 account_id uuid
-- uses: social_accounts_pkey | social_accounts_trash_user_deleted_idx, social_posts_trash_user_deleted_idx | social_posts_user_account_posted_idx
-- sample: account_id = id from tooling/sample_social_account_trash_point
UPDATE social_posts AS p
SET deleted_at = NULL
FROM social_accounts AS a
WHERE a.user_id = $1
    AND a.id = $2
    AND a.deleted_at IS NOT NULL
    AND p.user_id = $1
    AND p.account_id = a.id
    AND p.deleted_at = a.deleted_at
    AND NOT EXISTS (
        SELECT 1
        FROM social_posts AS live
        WHERE live.user_id = $1
            AND live.source_platform = p.source_platform
            AND live.source_object_id = p.source_object_id
            AND live.deleted_at IS NULL
    )
