-- The live contacts of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the existing items of an import batch.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: contacts_live_source_key
-- sample: source_platforms = ["google_contacts", "google_contacts", "icloud"]
-- sample: source_object_ids = ["gc-1", "gc-2", "ic-1"]
SELECT
    c.id,
    c.source_platform,
    c.source_object_id
FROM contacts AS c
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON c.source_platform = k.source_platform
    AND c.source_object_id = k.source_object_id
WHERE c.user_id = $1
    AND c.deleted_at IS NULL
