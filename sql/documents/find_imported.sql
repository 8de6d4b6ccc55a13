-- The live documents of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the documents an import batch skipped as already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: documents_live_source_key
-- sample: source_platforms = ["google_drive", "google_drive", "dropbox"]
-- sample: source_object_ids = ["gd-1", "gd-2", "db-1"]
SELECT
    d.id,
    d.source_platform,
    d.source_object_id
FROM documents AS d
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON d.source_platform = k.source_platform
    AND d.source_object_id = k.source_object_id
WHERE d.user_id = $1
    AND d.deleted_at IS NULL
