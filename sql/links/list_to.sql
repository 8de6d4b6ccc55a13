-- Live links of one user reaching an object, optionally of one type, newest first, after a
-- keyset cursor.
-- params: $1 user_id uuid, $2 object_id uuid, $3 link_type text, $4 after_created_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: links_live_to_created_idx
-- replica: yes
-- sample: object_id = id from tooling/sample_most_linked_object
-- sample: link_type = null
-- sample: after_created_at = null
-- sample: after_id = null
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
    AND to_object_id = $2
    AND deleted_at IS NULL
    AND ($3::text IS NULL OR link_type = $3)
    AND (created_at, id) < (
        coalesce($4::timestamptz, 'infinity'),
        coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
    )
ORDER BY created_at DESC, id DESC
LIMIT $6
