-- The contact half-way through one user's trash in trash order: a keyset cursor inside real data.
-- params: $1 user_id uuid
-- uses: contacts_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        c.deleted_at,
        c.id,
        row_number() OVER (ORDER BY c.deleted_at, c.id) AS position,
        count(*) OVER () AS total
    FROM contacts AS c
    WHERE c.user_id = $1
        AND c.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
