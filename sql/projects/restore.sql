-- Bring one trashed project of one user back, unless a live project now holds its import key (a
-- unique violation: 409). Its tasks never left: they name it still.
-- params: $1 user_id uuid, $2 id uuid
-- uses: projects_pkey | projects_trash_user_deleted_idx
-- sample: id from tooling/sample_project_trash_point
UPDATE projects
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
    id,
    user_id,
    name,
    description,
    status,
    color,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
