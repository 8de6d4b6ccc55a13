-- The object of one user that the most live links reach (a media item in many albums, with
-- variants and duplicates): the object the plan checks list incoming links of.
-- params: $1 user_id uuid
-- uses: none (reads one user's live links once; any index led by user_id serves)
SELECT
    l.to_object_id AS id,
    count(*) AS links
FROM links AS l
WHERE l.user_id = $1
    AND l.deleted_at IS NULL
GROUP BY l.to_object_id
ORDER BY
    count(*) DESC,
    l.to_object_id
LIMIT 1
