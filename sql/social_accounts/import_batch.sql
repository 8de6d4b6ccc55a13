-- Insert a batch of social accounts for one user in one statement, each under the id given for
-- it in the same position of $3, skipping every item a live account already holds (by platform
-- and handle, or by import key: either unique violation is skipped); returns the ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: none (ON CONFLICT DO NOTHING without a target: every unique index is an arbiter, social_accounts_live_handle_key and social_accounts_live_source_key among them, and EXPLAIN names none; the insert reads no index)
-- sample: items = [{"platform": "twitter", "handle": "explain-import-1", "display_name": "Explain", "metadata": {}, "source_platform": "twitter", "source_object_id": "explain-import-1"}]
INSERT INTO social_accounts (
    user_id, id, platform, handle, display_name, profile_url, metadata, source_integration_id,
    source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.platform,
    item.handle,
    item.display_name,
    item.profile_url,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        platform text,
        handle text,
        display_name text,
        profile_url text,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    platform, handle, display_name, profile_url, metadata, source_integration_id,
    source_platform, source_object_id, id
)
ON CONFLICT DO NOTHING
RETURNING id
