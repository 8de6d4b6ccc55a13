-- Key rotation: how many secrets are sealed under one of the given keys (its progress total).
-- params: $1 key_ids text[]
-- uses: integration_secrets_key_idx
-- generic plan: not checked (not knowing the keys, the planner expects most secrets to match and scans the table at several times the custom plan's cost, so PostgreSQL keeps planning each execution)
SELECT count(*)
FROM integration_secrets
WHERE key_id = ANY($1::text[])
