-- When the most recently trashed media item was trashed: the purge cut-off of the data is that
-- moment less the retention period.
-- uses: media_purge_deleted_idx
SELECT
    max(m.deleted_at) AS deleted_at
FROM media AS m
WHERE m.deleted_at IS NOT NULL
