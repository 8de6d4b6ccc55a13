-- The least used top-level folder among one user's live bookmarks, with its sub-folders: a
-- folder filter that is selective, the case the folder index exists for.
-- params: $1 user_id uuid
-- uses: none (reads one user's live bookmarks through whichever user_id index the planner prefers)
SELECT
    split_part(b.folder_path, '/', 1) AS folder,
    count(*) AS bookmarks
FROM bookmarks AS b
WHERE b.user_id = $1
    AND b.deleted_at IS NULL
    AND b.folder_path IS NOT NULL
GROUP BY split_part(b.folder_path, '/', 1)
ORDER BY
    count(*),
    folder
LIMIT 1
