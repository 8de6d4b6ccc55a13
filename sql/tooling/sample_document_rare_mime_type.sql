-- The least common mime type among one user's live documents: a type filter that is selective,
-- the case the mime type index is for (a common one reads the same index, only longer).
-- params: $1 user_id uuid
-- uses: none (reads one user's live documents through whichever user_id index the planner prefers)
SELECT
    d.mime_type,
    count(*) AS documents
FROM documents AS d
WHERE d.user_id = $1
    AND d.deleted_at IS NULL
GROUP BY d.mime_type
ORDER BY
    count(*),
    d.mime_type
LIMIT 1
