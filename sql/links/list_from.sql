-- Live links of one user leaving an object (a symmetric link has a row leaving each end),
-- optionally of one type, ordered by link type, sort_order and the other end, after a cursor.
-- params: $1 user_id uuid, $2 object_id uuid, $3 link_type text, $4 after_link_type text, $5 after_sort_order bigint, $6 after_to_id uuid, $7 lim integer
-- uses: links_live_from_sorted_idx
-- replica: yes
-- sample: object_id = id from tooling/sample_largest_album
-- sample: link_type = null
-- sample: after_link_type = link_type, after_sort_order = sort_order, after_to_id = id from tooling/sample_album_members row 2
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
    AND from_object_id = $2
    AND deleted_at IS NULL
    AND ($3::text IS NULL OR link_type = $3)
    AND (link_type, sort_order, to_object_id) > (
        coalesce($4::text, ''),
        coalesce($5::bigint, -9223372036854775808),
        coalesce($6::uuid, '00000000-0000-0000-0000-000000000000')
    )
ORDER BY link_type, sort_order, to_object_id
LIMIT $7
