-- Change the fields named in a JSON patch of one live social post, if its version still
-- matches. A key absent from the patch keeps its value; a key present with null clears it.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: social_posts_pkey
-- sample: id from tooling/sample_social_post_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE social_posts
SET
    posted_at = CASE WHEN $3 ? 'posted_at' THEN ($3 ->> 'posted_at')::timestamptz ELSE posted_at END,
    text = CASE WHEN $3 ? 'text' THEN $3 ->> 'text' ELSE text END,
    url = CASE WHEN $3 ? 'url' THEN $3 ->> 'url' ELSE url END,
    like_count = CASE WHEN $3 ? 'like_count' THEN ($3 ->> 'like_count')::integer ELSE like_count END,
    share_count = CASE WHEN $3 ? 'share_count' THEN ($3 ->> 'share_count')::integer ELSE share_count END,
    reply_count = CASE WHEN $3 ? 'reply_count' THEN ($3 ->> 'reply_count')::integer ELSE reply_count END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
    id,
    user_id,
    account_id,
    platform,
    posted_at,
    text,
    url,
    reply_to_post_id,
    like_count,
    share_count,
    reply_count,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
