-- One live note of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: notes_pkey
-- replica: yes
-- sample: id from tooling/sample_note_points row 2
SELECT
    id,
    user_id,
    title,
    body,
    pinned,
    archived,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM notes
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
