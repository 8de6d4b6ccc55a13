-- Change the fields named in a JSON patch of one live AI interaction, if its version still
-- matches. A key absent from the patch keeps its value; a key present with null clears it.
-- The cost travels as a JSON string, so ->> gives its digits exactly.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: ai_interactions_pkey
-- sample: id from tooling/sample_ai_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE ai_interactions
SET
    conversation_id = CASE WHEN $3 ? 'conversation_id' THEN $3 ->> 'conversation_id' ELSE conversation_id END,
    model = CASE WHEN $3 ? 'model' THEN $3 ->> 'model' ELSE model END,
    prompt = CASE WHEN $3 ? 'prompt' THEN $3 ->> 'prompt' ELSE prompt END,
    response = CASE WHEN $3 ? 'response' THEN $3 ->> 'response' ELSE response END,
    tokens_in = CASE WHEN $3 ? 'tokens_in' THEN ($3 ->> 'tokens_in')::bigint ELSE tokens_in END,
    tokens_out = CASE WHEN $3 ? 'tokens_out' THEN ($3 ->> 'tokens_out')::bigint ELSE tokens_out END,
    cost = CASE WHEN $3 ? 'cost' THEN ($3 ->> 'cost')::numeric ELSE cost END,
    currency = CASE WHEN $3 ? 'currency' THEN $3 ->> 'currency' ELSE currency END,
    latency_ms = CASE WHEN $3 ? 'latency_ms' THEN ($3 ->> 'latency_ms')::bigint ELSE latency_ms END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
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
