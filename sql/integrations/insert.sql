-- Store one new integration of one user and return it (it has no secrets yet).
-- params: $1 user_id uuid, $2 integration_type text, $3 display_name text, $4 status text, $5 sync_cursor text, $6 last_synced_at timestamptz, $7 last_error text, $8 metadata jsonb, $9 source_platform text, $10 source_object_id text
-- uses: none (plain insert)
-- sample: source_platform = "google_photos"
INSERT INTO integrations (
    user_id, integration_type, display_name, status, sync_cursor, last_synced_at, last_error,
    metadata, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING
    id,
    user_id,
    integration_type,
    display_name,
    status,
    sync_cursor,
    last_synced_at,
    last_error,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_platform,
    source_object_id,
    false AS has_secrets,
    NULL::timestamptz AS secrets_expire_at
