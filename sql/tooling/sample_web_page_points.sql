-- Three pages of one user's live list, a quarter, half and three quarters of the way through it
-- in list order: keyset cursors inside real data, and ids and addresses of live pages.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.created_at,
    ranked.id,
    ranked.canonical_url
FROM (
    SELECT
        p.created_at,
        p.id,
        p.canonical_url,
        row_number() OVER (ORDER BY p.created_at, p.id) AS position,
        count(*) OVER () AS total
    FROM web_pages AS p
    WHERE p.user_id = $1
        AND p.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
