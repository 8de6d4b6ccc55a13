-- The project half-way through one user's trash in trash order: a keyset cursor inside real
-- data, and a trashed project to restore.
-- params: $1 user_id uuid
-- uses: projects_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        p.deleted_at,
        p.id,
        row_number() OVER (ORDER BY p.deleted_at, p.id) AS position,
        count(*) OVER () AS total
    FROM projects AS p
    WHERE p.user_id = $1
        AND p.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
