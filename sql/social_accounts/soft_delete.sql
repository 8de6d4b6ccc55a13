-- Move one live social account of one user to the trash (its posts follow it in the same
-- transaction: social_posts/soft_delete_of_account, with the same now()).
-- params: $1 user_id uuid, $2 id uuid, $3 expected_updated_at timestamptz
-- uses: social_accounts_pkey
-- sample: id from tooling/sample_social_account_points row 2
-- sample: expected_updated_at = null
UPDATE social_accounts
SET deleted_at = now()
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($3::timestamptz IS NULL OR updated_at = $3)
RETURNING id
