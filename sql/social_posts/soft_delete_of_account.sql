-- Move the live posts of one social account of one user to the trash, at the same instant as the
-- account (now() is the transaction's start: called in the transaction that trashes the
-- account), so that restoring the account finds exactly these.
-- params: $1 user_id uuid, $2 account_id uuid
-- uses: social_posts_user_account_posted_idx
-- sample: account_id from tooling/sample_social_post_points row 2
UPDATE social_posts
SET deleted_at = now()
WHERE user_id = $1
    AND account_id = $2
    AND deleted_at IS NULL
