-- One live link of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: links_pkey
-- replica: yes
-- sample: id from tooling/sample_link
SELECT
    id,
    user_id,
    from_object_type,
    from_object_id,
    to_object_type,
    to_object_id,
    link_type,
    strength,
    sort_order,
    created_at,
    updated_at,
    deleted_at,
    metadata
FROM links
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
