-- Change the fields named in a JSON patch of one live project, if its version still matches.
-- A key absent from the patch keeps its value; a key present with null clears it.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: projects_pkey
-- sample: id from tooling/sample_project_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE projects
SET
    name = CASE WHEN $3 ? 'name' THEN $3 ->> 'name' ELSE name END,
    description = CASE WHEN $3 ? 'description' THEN $3 ->> 'description' ELSE description END,
    status = CASE WHEN $3 ? 'status' THEN $3 ->> 'status' ELSE status END,
    color = CASE WHEN $3 ? 'color' THEN $3 ->> 'color' ELSE color END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
