-- The task half-way through one user's trash in trash order: a keyset cursor inside real data,
-- and a trashed task to restore.
-- params: $1 user_id uuid
-- uses: tasks_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        t.deleted_at,
        t.id,
        row_number() OVER (ORDER BY t.deleted_at, t.id) AS position,
        count(*) OVER () AS total
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
