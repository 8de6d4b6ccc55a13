-- Store one new social post for one user and return it. The caller has share-locked its live
-- account (social_accounts/lock_live, which gives the platform) and the live post it replies to.
-- params: $1 user_id uuid, $2 account_id uuid, $3 platform text, $4 posted_at timestamptz, $5 text text, $6 url text, $7 reply_to_post_id uuid, $8 like_count integer, $9 share_count integer, $10 reply_count integer, $11 metadata jsonb, $12 source_integration_id uuid, $13 source_platform text, $14 source_object_id text
-- uses: none (plain insert)
-- sample: account_id from tooling/sample_social_post_points row 2
-- sample: platform = "twitter"
-- sample: reply_to_post_id = null
INSERT INTO social_posts (
    user_id, account_id, platform, posted_at, text, url, reply_to_post_id, like_count,
    share_count, reply_count, metadata, source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
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
