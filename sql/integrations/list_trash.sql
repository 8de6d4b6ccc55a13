-- Soft-deleted integrations of one user, most recently deleted first, after a keyset cursor.
-- params: $1 user_id uuid, $2 after_deleted_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: integrations_trash_user_deleted_idx, integration_secrets_pkey
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
    s.present IS NOT NULL AS has_secrets,
    s.expires_at AS secrets_expire_at
FROM integrations AS i
-- One primary-key probe per listed integration (LIMIT 1 keeps it a per-row lookup rather than a
-- scan of all the user's secrets: the same plan whatever the user's data looks like).
LEFT JOIN LATERAL (
    SELECT
        true AS present,
        s.expires_at
    FROM integration_secrets AS s
    WHERE s.user_id = i.user_id
        AND s.integration_id = i.id
    LIMIT 1
) AS s ON true
WHERE i.user_id = $1
    AND i.deleted_at IS NOT NULL
    AND (i.deleted_at, i.id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY i.deleted_at DESC, i.id DESC
LIMIT $4
