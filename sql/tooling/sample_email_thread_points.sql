-- Three threads of one user's thread list, a quarter, half and three quarters of the way
-- through it in list order: keyset cursors that fall inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole thread list once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.latest_at,
    ranked.thread_id
FROM (
    SELECT
        t.latest_at,
        t.thread_id,
        row_number() OVER (ORDER BY t.latest_at, t.thread_id) AS position,
        count(*) OVER () AS total
    FROM email_threads AS t
    WHERE t.user_id = $1
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
