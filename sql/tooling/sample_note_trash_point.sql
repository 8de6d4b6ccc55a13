-- The note half-way through one user's trash in trash order: a keyset cursor inside real data,
-- and a trashed note to restore.
-- params: $1 user_id uuid
-- uses: notes_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        n.deleted_at,
        n.id,
        row_number() OVER (ORDER BY n.deleted_at, n.id) AS position,
        count(*) OVER () AS total
    FROM notes AS n
    WHERE n.user_id = $1
        AND n.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
