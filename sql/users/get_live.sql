-- One live user by id.
-- params: $1 id uuid
-- uses: users_pkey
-- replica: yes
-- sample: id = user
SELECT
    id,
    email,
    display_name,
    storage_quota_bytes,
    created_at,
    updated_at,
    metadata,
    search_language
FROM users
WHERE id = $1
    AND deleted_at IS NULL
