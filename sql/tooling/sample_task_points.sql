-- Three tasks of one user's live list, a quarter, half and three quarters of the way through it
-- in list order: keyset cursors inside real data, and ids of live tasks.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.created_at,
    ranked.id
FROM (
    SELECT
        t.created_at,
        t.id,
        row_number() OVER (ORDER BY t.created_at, t.id) AS position,
        count(*) OVER () AS total
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
