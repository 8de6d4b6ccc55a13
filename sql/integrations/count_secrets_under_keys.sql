-- Key rotation: how many secrets are sealed under one of the given keys (its progress total).
-- params: $1 key_ids text[]
-- uses: integration_secrets_key_idx
SELECT count(*)
FROM integration_secrets
WHERE key_id = ANY($1::text[])
