-- Store (insert or replace) the sealed tokens of one live integration of one user, if its version
-- still matches, and move the integration's version on (its has_secrets and secrets_expire_at
-- are part of what its ETag covers). Returns the integration's new updated_at; no row when the
-- integration is not live, not the caller's, or has moved on.
-- params: $1 user_id uuid, $2 integration_id uuid, $3 key_id text, $4 access_token bytea, $5 refresh_token bytea, $6 expires_at timestamptz, $7 expected_updated_at timestamptz
-- uses: integrations_pkey, integration_secrets_pkey
-- sample: expected_updated_at = null
WITH target AS (
    UPDATE integrations
    SET updated_at = now()
    WHERE user_id = $1
        AND id = $2
        AND deleted_at IS NULL
        AND ($7::timestamptz IS NULL OR updated_at = $7)
    RETURNING
        user_id,
        id,
        updated_at
),
stored AS (
    INSERT INTO integration_secrets (
        user_id, integration_id, key_id, access_token, refresh_token, expires_at
    )
    SELECT
        t.user_id,
        t.id,
        $3,
        $4,
        $5,
        $6
    FROM target AS t
    ON CONFLICT (user_id, integration_id)
    DO UPDATE SET
        key_id = excluded.key_id,
        access_token = excluded.access_token,
        refresh_token = excluded.refresh_token,
        expires_at = excluded.expires_at
    RETURNING integration_id
)
SELECT t.updated_at
FROM target AS t
JOIN stored AS s
    ON s.integration_id = t.id
