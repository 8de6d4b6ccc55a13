-- The least common camera among one user's live media: a metadata filter that is selective,
-- the case a GIN index exists for; `contains` is that filter as media/list_live_by_metadata takes it.
-- params: $1 user_id uuid
-- uses: none (reads one user's live media through whichever user_id index the planner prefers)
SELECT
    m.metadata ->> 'camera' AS camera,
    jsonb_build_object('camera', m.metadata ->> 'camera') AS contains,
    count(*) AS items
FROM media AS m
WHERE m.user_id = $1
    AND m.deleted_at IS NULL
    AND m.metadata ->> 'camera' IS NOT NULL
GROUP BY m.metadata ->> 'camera'
ORDER BY
    count(*),
    camera
LIMIT 1
