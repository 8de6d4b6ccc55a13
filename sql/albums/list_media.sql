-- The visible media of one album in album order (sort_order, then media id), after a keyset
-- cursor; media in the trash are skipped. Reads through the album_media view.
-- params: $1 user_id uuid, $2 album_id uuid, $3 after_sort_order bigint, $4 after_id uuid, $5 lim integer
-- uses: links_live_from_sorted_idx, media_pkey
-- replica: yes
-- sample: album_id = id from tooling/sample_largest_album
-- sample: after_sort_order = sort_order, after_id = id from tooling/sample_album_members row 2
SELECT
    id,
    user_id,
    filename,
    media_type,
    mime_type,
    size,
    file_path,
    hash,
    width,
    height,
    duration,
    taken_at,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id,
    sort_order
FROM album_media
WHERE user_id = $1
    AND album_id = $2
    AND (sort_order, id) > (
        coalesce($3::bigint, -9223372036854775808),
        coalesce($4::uuid, '00000000-0000-0000-0000-000000000000')
    )
ORDER BY sort_order, id
LIMIT $5
