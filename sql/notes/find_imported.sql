-- The live notes of one user that hold the given import keys (source_platform, source_object_id),
-- with their ids: the notes an import batch skipped as already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: notes_live_source_key
-- sample: source_platforms = ["evernote", "evernote", "google_keep"]
-- sample: source_object_ids = ["en-1", "en-2", "keep-1"]
SELECT
    n.id,
    n.source_platform,
    n.source_object_id
FROM notes AS n
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON n.source_platform = k.source_platform
    AND n.source_object_id = k.source_object_id
WHERE n.user_id = $1
    AND n.deleted_at IS NULL
