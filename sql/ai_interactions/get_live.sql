-- One live AI interaction of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: ai_interactions_pkey
-- replica: yes
-- sample: id from tooling/sample_ai_points row 2
SELECT
    id,
    user_id,
    conversation_id,
    model,
    prompt,
    response,
    tokens_in,
    tokens_out,
    cost,
    currency,
    latency_ms,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM ai_interactions
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
