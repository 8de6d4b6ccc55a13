-- Live media of one user imported through one integration, newest first (taken_at, else
-- created_at), after a keyset cursor.
-- params: $1 user_id uuid, $2 source_integration_id uuid, $3 after_sort_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: media_user_source_integration_idx
-- replica: yes
-- sample: after_sort_at = sort_at, after_id = id from tooling/sample_media_points row 2
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
    AND source_integration_id = $2
    AND deleted_at IS NULL
    AND (sort_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY sort_at DESC, id DESC
LIMIT $5
