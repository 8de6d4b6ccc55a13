-- Forget the tokens of one live integration of one user, if its version still matches, and move
-- the integration's version on. Returns the integration's new updated_at; no row when the
-- integration is not live, not the caller's, or has moved on.
-- params: $1 user_id uuid, $2 integration_id uuid, $3 expected_updated_at timestamptz
-- uses: integrations_pkey, integration_secrets_pkey
-- sample: expected_updated_at = null
WITH target AS (
    UPDATE integrations
    SET updated_at = now()
    WHERE user_id = $1
        AND id = $2
        AND deleted_at IS NULL
        AND ($3::timestamptz IS NULL OR updated_at = $3)
    RETURNING
        user_id,
        id,
        updated_at
),
forgotten AS (
    DELETE FROM integration_secrets AS s
    USING target AS t
    WHERE s.user_id = t.user_id
        AND s.integration_id = t.id
    RETURNING s.integration_id
)
SELECT
    t.updated_at,
    (SELECT count(*) FROM forgotten) AS forgotten
FROM target AS t
