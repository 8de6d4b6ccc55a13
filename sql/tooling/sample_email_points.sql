-- Three messages of one user's live list, a quarter, half and three quarters of the way
-- through it in list order: keyset cursors that fall inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.sent_at,
    ranked.id
FROM (
    SELECT
        e.sent_at,
        e.id,
        row_number() OVER (ORDER BY e.sent_at, e.id) AS position,
        count(*) OVER () AS total
    FROM emails AS e
    WHERE e.user_id = $1
        AND e.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
