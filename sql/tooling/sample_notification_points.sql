-- Points of one user's notification list for keyset cursors inside real data: the unread one
-- half-way down the unread part (row 1), and the read one half-way down the read part (row 2).
-- params: $1 user_id uuid
-- uses: none (reads one user's live notifications once; the planner picks among the live indexes)
SELECT
    ranked.is_read,
    ranked.created_at,
    ranked.id
FROM (
    SELECT
        n.is_read,
        n.created_at,
        n.id,
        row_number() OVER (PARTITION BY n.is_read ORDER BY n.created_at, n.id) AS position,
        count(*) OVER (PARTITION BY n.is_read) AS total
    FROM notifications AS n
    WHERE n.user_id = $1
        AND n.deleted_at IS NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
ORDER BY ranked.is_read
