-- Bring one trashed note of one user back, unless a live note now holds its import key (a unique
-- violation: 409). It keeps its pinned and archived state.
-- params: $1 user_id uuid, $2 id uuid
-- uses: notes_pkey | notes_trash_user_deleted_idx
-- sample: id from tooling/sample_note_trash_point
UPDATE notes
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
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
