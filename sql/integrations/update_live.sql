-- Change the fields named in a JSON patch of one live integration, if its version still
-- matches, and return it. A key absent from the patch keeps its value; present with null clears.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: integrations_pkey, integration_secrets_pkey
-- sample: patch = {}
-- sample: expected_updated_at = null
WITH changed AS (
    UPDATE integrations
    SET
        display_name = CASE WHEN $3 ? 'display_name' THEN $3 ->> 'display_name' ELSE display_name END,
        status = CASE WHEN $3 ? 'status' THEN $3 ->> 'status' ELSE status END,
        sync_cursor = CASE WHEN $3 ? 'sync_cursor' THEN $3 ->> 'sync_cursor' ELSE sync_cursor END,
        last_synced_at = CASE WHEN $3 ? 'last_synced_at' THEN ($3 ->> 'last_synced_at')::timestamptz ELSE last_synced_at END,
        last_error = CASE WHEN $3 ? 'last_error' THEN $3 ->> 'last_error' ELSE last_error END,
        metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
    WHERE user_id = $1
        AND id = $2
        AND deleted_at IS NULL
        AND ($4::timestamptz IS NULL OR updated_at = $4)
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
        source_object_id
)
SELECT
    c.id,
    c.user_id,
    c.integration_type,
    c.display_name,
    c.status,
    c.sync_cursor,
    c.last_synced_at,
    c.last_error,
    c.created_at,
    c.updated_at,
    c.deleted_at,
    c.metadata,
    c.source_platform,
    c.source_object_id,
    s.integration_id IS NOT NULL AS has_secrets,
    s.expires_at AS secrets_expire_at
FROM changed AS c
LEFT JOIN integration_secrets AS s
    ON s.user_id = c.user_id
    AND s.integration_id = c.id
