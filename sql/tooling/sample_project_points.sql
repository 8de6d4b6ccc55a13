-- Three projects of one user's active list, a quarter, half and three quarters of the way
-- through it in list order (name, id): keyset cursors inside real data, and ids of live
-- projects.
-- params: $1 user_id uuid
-- uses: none (reads one user's live projects once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.name,
    ranked.id
FROM (
    SELECT
        p.name,
        p.id,
        row_number() OVER (ORDER BY p.name, p.id) AS position,
        count(*) OVER () AS total
    FROM projects AS p
    WHERE p.user_id = $1
        AND p.status = 'active'
        AND p.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
