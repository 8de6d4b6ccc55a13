-- Bring one trashed integration of one user back, with its tokens; unless a live integration
-- now holds its external account (source_platform, source_object_id). The row is found among
-- the user's trash (the small partial index, id checked inside it) or by one probe of the
-- primary key: the planner costs them alike (it took the primary key when planned at a thousand
-- times the size), and either reads at most the user's trash, which the 30-day purge bounds.
-- params: $1 user_id uuid, $2 id uuid
-- uses: integrations_trash_user_deleted_idx | integrations_pkey, integration_secrets_pkey
WITH restored AS (
    UPDATE integrations
    SET deleted_at = NULL
    WHERE user_id = $1
        AND id = $2
        AND deleted_at IS NOT NULL
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
    r.id,
    r.user_id,
    r.integration_type,
    r.display_name,
    r.status,
    r.sync_cursor,
    r.last_synced_at,
    r.last_error,
    r.created_at,
    r.updated_at,
    r.deleted_at,
    r.metadata,
    r.source_platform,
    r.source_object_id,
    s.integration_id IS NOT NULL AS has_secrets,
    s.expires_at AS secrets_expire_at
FROM restored AS r
LEFT JOIN integration_secrets AS s
    ON s.user_id = r.user_id
    AND s.integration_id = r.id
