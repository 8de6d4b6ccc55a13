-- Insert a batch of AI interactions for one user in one statement, each under the id given for
-- it in the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) is already held by a live row; returns the ids inserted. The cost of each
-- item is a JSON string, read into numeric digit by digit.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: ai_interactions_live_source_key
-- sample: items = [{"model": "gpt-4o", "prompt": "hello", "response": "hi", "tokens_in": 5, "tokens_out": 2, "cost": "0.000120", "currency": "USD", "created_at": "2025-06-01T12:00:00Z", "metadata": {}, "source_platform": "openai", "source_object_id": "explain-import-1"}]
INSERT INTO ai_interactions (
    user_id, id, conversation_id, model, prompt, response, tokens_in, tokens_out, cost,
    currency, latency_ms, created_at, metadata, source_integration_id, source_platform,
    source_object_id
)
SELECT
    $1,
    item.id,
    item.conversation_id,
    item.model,
    item.prompt,
    item.response,
    item.tokens_in,
    item.tokens_out,
    item.cost,
    item.currency,
    item.latency_ms,
    coalesce(item.created_at, now()),
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        conversation_id text,
        model text,
        prompt text,
        response text,
        tokens_in bigint,
        tokens_out bigint,
        cost numeric,
        currency text,
        latency_ms bigint,
        created_at timestamptz,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    conversation_id, model, prompt, response, tokens_in, tokens_out, cost, currency, latency_ms,
    created_at, metadata, source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
