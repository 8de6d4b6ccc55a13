-- Store one new AI interaction for one user and return it (created_at: when it happened, now
-- when not given).
-- params: $1 user_id uuid, $2 conversation_id text, $3 model text, $4 prompt text, $5 response text, $6 tokens_in bigint, $7 tokens_out bigint, $8 cost numeric, $9 currency text, $10 latency_ms bigint, $11 created_at timestamptz, $12 metadata jsonb, $13 source_integration_id uuid, $14 source_platform text, $15 source_object_id text
-- uses: none (plain insert)
-- sample: model = "gpt-4o"
-- sample: currency = "USD"
-- sample: source_platform = "openai"
INSERT INTO ai_interactions (
    user_id, conversation_id, model, prompt, response, tokens_in, tokens_out, cost, currency,
    latency_ms, created_at, metadata, source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, now()), $12, $13, $14, $15)
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
