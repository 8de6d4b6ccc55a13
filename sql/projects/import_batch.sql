-- Insert a batch of projects for one user in one statement, each under the id given for it in
-- the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) a live project already holds (or an earlier item of the batch); returns the
-- ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: projects_live_source_key
-- sample: items = [{"name": "Garden", "status": "active", "metadata": {}, "source_platform": "todoist", "source_object_id": "explain-import-1"}]
INSERT INTO projects (
    user_id, id, name, description, status, color, metadata, source_integration_id,
    source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.name,
    item.description,
    coalesce(item.status, 'active'),
    item.color,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        name text,
        description text,
        status text,
        color text,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    name, description, status, color, metadata, source_integration_id, source_platform,
    source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
