-- Bring one trashed AI interaction of one user back, unless a live one now holds its import key.
-- params: $1 user_id uuid, $2 id uuid
-- uses: ai_interactions_pkey
-- generic plan: uses ai_interactions_trash_user_deleted_idx | ai_interactions_pkey (not knowing the user, the planner costs the user's range of the small trash index, id checked inside the index, and the primary key's one probe alike and takes either: the range is at most that user's trash, which the 30-day purge bounds; planned at a thousand times the size, it takes the primary key)
-- sample: id from tooling/sample_ai_trash_point
UPDATE ai_interactions
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
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
