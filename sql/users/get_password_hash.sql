-- The password hash of one live user, to check the current password before changing it.
-- params: $1 id uuid
-- uses: users_pkey
-- sample: id = user
SELECT password_hash
FROM users
WHERE id = $1
    AND deleted_at IS NULL
