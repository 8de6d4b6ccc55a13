-- The message half-way through one user's trash in trash order: a keyset cursor inside real data.
-- params: $1 user_id uuid
-- uses: chat_messages_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        m.deleted_at,
        m.id,
        row_number() OVER (ORDER BY m.deleted_at, m.id) AS position,
        count(*) OVER () AS total
    FROM chat_messages AS m
    WHERE m.user_id = $1
        AND m.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
