-- Three documents of one user's live list, a quarter, half and three quarters of the way through
-- it in list order (newest first): keyset cursors inside real data, ids and titles of live
-- documents.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.created_at,
    ranked.title,
    ranked.id
FROM (
    SELECT
        d.created_at,
        d.title,
        d.id,
        row_number() OVER (ORDER BY d.created_at DESC, d.id DESC) AS position,
        count(*) OVER () AS total
    FROM documents AS d
    WHERE d.user_id = $1
        AND d.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
