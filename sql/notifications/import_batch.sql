-- Insert a batch of notifications for one user in one statement, each under the id given for it
-- in the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) is already held by a live row; returns the ids inserted. Items imported as
-- read are read now.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: notifications_live_source_key
-- sample: items = [{"kind": "github.mention", "title": "You were mentioned", "is_read": false, "metadata": {}, "source_platform": "github", "source_object_id": "explain-import-1"}]
INSERT INTO notifications (
    user_id, id, kind, title, body, is_read, read_at, object_type, object_id, metadata,
    source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.kind,
    item.title,
    item.body,
    coalesce(item.is_read, false),
    CASE WHEN item.is_read THEN now() END,
    item.object_type,
    item.object_id,
    coalesce(item.metadata, '{}'),
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        kind text,
        title text,
        body text,
        is_read boolean,
        object_type text,
        object_id uuid,
        metadata jsonb,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    kind, title, body, is_read, object_type, object_id, metadata, source_platform,
    source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
