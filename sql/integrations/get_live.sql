-- One live integration of one user, with whether tokens are stored and when they expire.
-- params: $1 user_id uuid, $2 id uuid
-- uses: integrations_pkey, integration_secrets_pkey
-- replica: yes
SELECT
    i.id,
    i.user_id,
    i.integration_type,
    i.display_name,
    i.status,
    i.sync_cursor,
    i.last_synced_at,
    i.last_error,
    i.created_at,
    i.updated_at,
    i.deleted_at,
    i.metadata,
    i.source_platform,
    i.source_object_id,
    s.integration_id IS NOT NULL AS has_secrets,
    s.expires_at AS secrets_expire_at
FROM integrations AS i
LEFT JOIN integration_secrets AS s
    ON s.user_id = i.user_id
    AND s.integration_id = i.id
WHERE i.user_id = $1
    AND i.id = $2
    AND i.deleted_at IS NULL
