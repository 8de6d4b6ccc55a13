-- Live media of one user whose metadata contains a JSON object (camera, tags), newest first, after
-- a keyset cursor. At a thousand times the seeded size (sql check --stats --scale 1000) the planner
-- walks media_live_user_sort_idx newest first instead, testing each row, and is right for what it
-- is told: a camera keeps its share of the rows, so the GIN index would fetch a thousand times as
-- many (every user's), while the walk expects $5 matches within $5 / share rows of the user's,
-- whatever the user's size. It is wrong for a camera rarer in this user's media than in the table's
-- (one the user used once, long ago, or never): the walk then reads the user's whole list. The GIN
-- index is no cure, being bounded by every user's media with the camera; what would bound both is a
-- GIN index over (user_id, metadata) (btree_gin) or user-prefixed keys, as contacts' lookup_keys
-- are, worth building once one user's list is long enough for a walk to show in the buffers sql
-- check --analyze records.
-- params: $1 user_id uuid, $2 contains jsonb, $3 after_sort_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: media_metadata_gin_idx
-- replica: yes
-- sample: contains from tooling/sample_media_rare_camera
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
    AND metadata @> $2
    AND deleted_at IS NULL
    AND (sort_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY sort_at DESC, id DESC
LIMIT $5
