-- Three bookmarks of one user's live list, a quarter, half and three quarters of the way through
-- it in list order: keyset cursors inside real data, and ids and addresses of live bookmarks.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.created_at,
    ranked.id,
    ranked.url
FROM (
    SELECT
        b.created_at,
        b.id,
        b.url,
        row_number() OVER (ORDER BY b.created_at, b.id) AS position,
        count(*) OVER () AS total
    FROM bookmarks AS b
    WHERE b.user_id = $1
        AND b.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
