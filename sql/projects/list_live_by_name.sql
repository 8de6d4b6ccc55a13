-- Live projects of one user in one status, alphabetically (name, then id), after a keyset
-- cursor. A null cursor starts at the beginning ('' sorts before every name, never empty).
-- params: $1 user_id uuid, $2 status text, $3 after_name text, $4 after_id uuid, $5 lim integer
-- uses: projects_live_user_status_name_idx
-- replica: yes
-- sample: status = "active"
-- sample: after_name = name, after_id = id from tooling/sample_project_points row 2
SELECT
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
FROM projects
WHERE user_id = $1
    AND status = $2
    AND deleted_at IS NULL
    AND (name, id) > (coalesce($3::text, ''), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY name, id
LIMIT $5
