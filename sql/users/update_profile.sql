-- Change the display name and/or the password hash of one live user; a null keeps the value.
-- The password changes only while the stored hash is still the one the current password was
-- checked against, and, given an expected version, only while updated_at still matches it.
-- params: $1 id uuid, $2 display_name text, $3 password_hash text, $4 expected_password_hash text, $5 expected_updated_at timestamptz
-- uses: users_pkey
-- sample: id = user
-- sample: expected_password_hash = null
-- sample: expected_updated_at = null
UPDATE users
SET
    display_name = coalesce($2, display_name),
    password_hash = coalesce($3, password_hash)
WHERE id = $1
    AND deleted_at IS NULL
    AND ($4::text IS NULL OR password_hash = $4)
    AND ($5::timestamptz IS NULL OR updated_at = $5)
RETURNING
    id,
    email,
    display_name,
    storage_quota_bytes,
    created_at,
    updated_at,
    metadata
