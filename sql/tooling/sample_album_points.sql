-- Three of one user's live albums, a quarter, half and three quarters of the way through the
-- album list in list order: keyset cursors that fall inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's live albums once; the planner picks among the live indexes)
SELECT
    ranked.position,
    ranked.created_at,
    ranked.id
FROM (
    SELECT
        a.created_at,
        a.id,
        row_number() OVER (ORDER BY a.created_at, a.id) AS position,
        count(*) OVER () AS total
    FROM albums AS a
    WHERE a.user_id = $1
        AND a.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
