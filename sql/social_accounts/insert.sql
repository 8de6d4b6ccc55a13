-- Store one new social account for one user and return it; a live account with the same
-- platform and handle (or import key) makes it fail with a unique violation, which the API
-- answers with 409.
-- params: $1 user_id uuid, $2 platform text, $3 handle text, $4 display_name text, $5 profile_url text, $6 metadata jsonb, $7 source_integration_id uuid, $8 source_platform text, $9 source_object_id text
-- uses: none (plain insert)
-- sample: platform = "twitter"
-- sample: handle = "explain-insert-handle"
INSERT INTO social_accounts (
    user_id, platform, handle, display_name, profile_url, metadata, source_integration_id,
    source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING
    id,
    user_id,
    platform,
    handle,
    display_name,
    profile_url,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
