-- The least common tag among one user's live bookmarks: a tag filter that is selective, the
-- case the GIN index exists for.
-- params: $1 user_id uuid
-- uses: none (reads one user's live bookmarks through whichever user_id index the planner prefers)
SELECT
    t.tag,
    count(*) AS bookmarks
FROM bookmarks AS b
CROSS JOIN LATERAL unnest(b.tags) AS t (tag)
WHERE b.user_id = $1
    AND b.deleted_at IS NULL
GROUP BY t.tag
ORDER BY
    count(*),
    t.tag
LIMIT 1
