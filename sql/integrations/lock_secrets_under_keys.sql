-- Key rotation: lock up to a batch of secrets sealed under one of the given (old) keys, across
-- users, skipping rows a request is writing right now (the next batch finds them).
-- params: $1 key_ids text[], $2 batch_size integer
-- uses: integration_secrets_key_idx
-- generic plan: not checked (not knowing the keys, the planner expects most secrets to match and scans the table at several times the custom plan's cost, so PostgreSQL keeps planning each batch)
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
