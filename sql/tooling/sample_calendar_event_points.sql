-- Three calendar events of one user's live list, a quarter, half and three quarters of the way
-- through it in list order (by start): keyset cursors inside real data, and ids of live events.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.starts_at,
    ranked.id
FROM (
    SELECT
        e.starts_at,
        e.id,
        row_number() OVER (ORDER BY e.starts_at, e.id) AS position,
        count(*) OVER () AS total
    FROM calendar_events AS e
    WHERE e.user_id = $1
        AND e.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
