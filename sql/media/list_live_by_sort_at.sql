-- Live media of one user, newest first (taken_at, else created_at), after a keyset cursor,
-- within an optional time window. A null cursor or bound means "no limit on that side".
-- params: $1 user_id uuid, $2 after_sort_at timestamptz, $3 after_id uuid, $4 taken_after timestamptz, $5 taken_before timestamptz, $6 lim integer
-- uses: media_live_user_sort_idx
-- replica: yes
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
    AND deleted_at IS NULL
    AND (sort_at, id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
    AND sort_at >= coalesce($4::timestamptz, '-infinity')
    AND sort_at < coalesce($5::timestamptz, 'infinity')
ORDER BY sort_at DESC, id DESC
LIMIT $6
