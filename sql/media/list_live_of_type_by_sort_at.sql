-- Live media of one user and one media_type, newest first, after a keyset cursor, within an
-- optional time window.
-- params: $1 user_id uuid, $2 media_type text, $3 after_sort_at timestamptz, $4 after_id uuid, $5 taken_after timestamptz, $6 taken_before timestamptz, $7 lim integer
-- uses: media_live_user_type_sort_idx
-- replica: yes
-- sample: media_type = "video"
-- sample: after_sort_at = sort_at, after_id = id from tooling/sample_media_points row 2
-- sample: taken_after = sort_at from tooling/sample_media_points row 1
-- sample: taken_before = sort_at from tooling/sample_media_points row 3
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
    source_object_id
FROM media
WHERE user_id = $1
    AND media_type = $2
    AND deleted_at IS NULL
    AND (sort_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    AND sort_at >= coalesce($5::timestamptz, '-infinity')
    AND sort_at < coalesce($6::timestamptz, 'infinity')
ORDER BY sort_at DESC, id DESC
LIMIT $7
