-- Three of one user's live social accounts, a quarter, half and three quarters of the way
-- through the account list in list order (platform, handle): keyset cursors inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's live accounts once, a handful; the planner picks any index on user_id)
SELECT
    ranked.position,
    ranked.platform,
    ranked.handle,
    ranked.id
FROM (
    SELECT
        a.platform,
        a.handle,
        a.id,
        row_number() OVER (ORDER BY a.platform, a.handle) AS position,
        count(*) OVER () AS total
    FROM social_accounts AS a
    WHERE a.user_id = $1
        AND a.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
