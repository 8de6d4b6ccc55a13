-- Key rotation: lock up to a batch of secrets sealed under one of the given (old) keys, across
-- users, skipping rows a request is writing right now (the next batch finds them).
-- params: $1 key_ids text[], $2 batch_size integer
-- uses: integration_secrets_key_idx
SELECT
    user_id,
    integration_id,
    key_id,
    access_token,
    refresh_token
FROM integration_secrets
WHERE key_id = ANY($1::text[])
LIMIT $2
FOR UPDATE SKIP LOCKED
