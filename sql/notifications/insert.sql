-- Store one new notification for one user and return it; one stored as already read is read now.
-- params: $1 user_id uuid, $2 kind text, $3 title text, $4 body text, $5 is_read boolean, $6 object_type text, $7 object_id uuid, $8 metadata jsonb, $9 source_platform text, $10 source_object_id text
-- uses: none (plain insert)
-- sample: kind = "sync.finished"
-- sample: title = "Google Photos: 120 new items"
-- sample: is_read = false
-- sample: object_type = "integration"
-- sample: source_platform = "google_photos"
INSERT INTO notifications (
    user_id, kind, title, body, is_read, read_at, object_type, object_id, metadata,
    source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 THEN now() END, $6, $7, $8, $9, $10)
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
