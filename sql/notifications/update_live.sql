-- Change the fields named in a JSON patch of one live notification, if its version still
-- matches. A key absent from the patch keeps its value; a key present with null clears it.
-- is_read true marks it read (read_at set now, or kept when it was read already), false unread.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: notifications_pkey
-- sample: id from tooling/sample_notification_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE notifications
SET
    is_read = CASE WHEN $3 ? 'is_read' THEN ($3 ->> 'is_read')::boolean ELSE is_read END,
    read_at = CASE
        WHEN NOT $3 ? 'is_read' THEN read_at
        WHEN ($3 ->> 'is_read')::boolean THEN coalesce(read_at, now())
    END,
    title = CASE WHEN $3 ? 'title' THEN $3 ->> 'title' ELSE title END,
    body = CASE WHEN $3 ? 'body' THEN $3 ->> 'body' ELSE body END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
    id,
    user_id,
    kind,
    title,
    body,
    is_read,
    read_at,
    object_type,
    object_id,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
