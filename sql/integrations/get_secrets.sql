-- The sealed tokens of one integration of one user, with the key they are sealed under and
-- whether the integration is live (the caller hands out tokens of live integrations only).
-- params: $1 user_id uuid, $2 integration_id uuid
-- uses: integration_secrets_pkey, integrations_pkey
SELECT
    s.integration_id,
    s.key_id,
    s.access_token,
    s.refresh_token,
    s.expires_at,
    i.deleted_at IS NULL AS live
FROM integration_secrets AS s
JOIN integrations AS i
    ON i.user_id = s.user_id
    AND i.id = s.integration_id
WHERE s.user_id = $1
    AND s.integration_id = $2
