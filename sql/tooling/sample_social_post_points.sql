-- Three of one user's live social posts, a quarter, half and three quarters of the way through
-- the post list in list order, with their accounts: keyset cursors inside real data, and an
-- account with posts.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole live list once; any index on user_id serves, and which one
-- is a close call the planner may make either way)
SELECT
    ranked.position,
    ranked.posted_at,
    ranked.id,
    ranked.account_id
FROM (
    SELECT
        p.posted_at,
        p.id,
        p.account_id,
        row_number() OVER (ORDER BY p.posted_at, p.id) AS position,
        count(*) OVER () AS total
    FROM social_posts AS p
    WHERE p.user_id = $1
        AND p.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
