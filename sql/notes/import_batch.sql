-- Insert a batch of notes for one user in one statement, each under the id given for it in the
-- same position of $3, skipping every item whose import key (source_platform, source_object_id)
-- a live note already holds (or an earlier item of the batch); returns the ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: notes_live_source_key
-- sample: items = [{"title": "Trip", "body": "# Packing\n- passport", "pinned": false, "archived": false, "created_at": "2024-05-01T09:00:00Z", "updated_at": "2024-05-02T09:00:00Z", "metadata": {}, "source_platform": "evernote", "source_object_id": "explain-import-1"}]
INSERT INTO notes (
    user_id, id, title, body, pinned, archived, created_at, updated_at, metadata,
    source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.title,
    coalesce(item.body, ''),
    coalesce(item.pinned, false),
    coalesce(item.archived, false),
    coalesce(item.created_at, now()),
    coalesce(item.updated_at, now()),
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        title text,
        body text,
        pinned boolean,
        archived boolean,
        created_at timestamptz,
        updated_at timestamptz,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    title, body, pinned, archived, created_at, updated_at, metadata, source_integration_id,
    source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
