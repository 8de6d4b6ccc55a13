-- Key rotation: write back a batch of secrets re-sealed under the current key (rows locked by
-- lock_secrets_under_keys in the same transaction). Returns how many rows changed.
-- params: $1 key_id text, $2 user_ids uuid[], $3 integration_ids uuid[], $4 access_tokens bytea[], $5 refresh_tokens bytea[]
-- uses: integration_secrets_pkey
UPDATE integration_secrets AS s
SET
    key_id = $1,
    access_token = b.access_token,
    refresh_token = b.refresh_token
FROM unnest($2::uuid[], $3::uuid[], $4::bytea[], $5::bytea[])
    AS b (user_id, integration_id, access_token, refresh_token)
WHERE s.user_id = b.user_id
    AND s.integration_id = b.integration_id
