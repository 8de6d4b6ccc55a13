-- The live album of one user holding the most visible media: the album the plan checks list,
-- add to, reorder and take media out of (the case where a bad plan costs the most).
-- params: $1 user_id uuid
-- uses: none (reads one user's live albums once; any live-row index led by user_id serves)
SELECT
    a.id,
    a.media_count
FROM albums AS a
WHERE a.user_id = $1
    AND a.deleted_at IS NULL
ORDER BY
    a.media_count DESC,
    a.id
LIMIT 1
