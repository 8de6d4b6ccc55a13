-- Change the display name, the search language and/or the password hash of one live user; a
-- null keeps the value. A new language rebuilds the user's search vectors before this returns
-- (the users_search_language trigger, 0038).
-- The password changes only while the stored hash is still the one the current password was
-- checked against, and, given an expected version, only while updated_at still matches it.
-- Through update_user_profile() (0031): comparing the stored hash means reading it, which the
-- service may not do itself.
-- params: $1 id uuid, $2 display_name text, $3 password_hash text, $4 expected_password_hash text, $5 expected_updated_at timestamptz, $6 search_language text
-- uses: none (SECURITY DEFINER function update_user_profile: users_pkey inside)
-- sample: id = user
-- sample: expected_password_hash = null
-- sample: expected_updated_at = null
-- sample: search_language = null
SELECT
    id,
    email,
    display_name,
    storage_quota_bytes,
    created_at,
    updated_at,
    metadata,
    search_language
FROM update_user_profile($1, $2, $3, $4, $5, $6)
