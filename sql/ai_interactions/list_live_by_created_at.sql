-- Live AI interactions of one user, newest first, after a keyset cursor.
-- params: $1 user_id uuid, $2 after_created_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: ai_interactions_live_user_created_idx
-- replica: yes
-- sample: after_created_at = created_at, after_id = id from tooling/sample_ai_points row 2
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
    AND deleted_at IS NULL
    AND (created_at, id) < (coalesce($2::timestamptz, 'infinity'), coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $4
