-- One user's post with the most live replies, and the reply half-way through its thread in
-- thread order: a replies listing and a keyset cursor inside real data.
-- params: $1 user_id uuid
-- uses: none (reads every reply of one user once; any index on user_id serves)
SELECT
    ranked.reply_to_post_id,
    ranked.posted_at,
    ranked.id
FROM (
    SELECT
        p.reply_to_post_id,
        p.posted_at,
        p.id,
        row_number() OVER (PARTITION BY p.reply_to_post_id ORDER BY p.posted_at, p.id) AS position,
        count(*) OVER (PARTITION BY p.reply_to_post_id) AS total
    FROM social_posts AS p
    WHERE p.user_id = $1
        AND p.reply_to_post_id IS NOT NULL
        AND p.deleted_at IS NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
ORDER BY ranked.total DESC, ranked.reply_to_post_id
LIMIT 1
