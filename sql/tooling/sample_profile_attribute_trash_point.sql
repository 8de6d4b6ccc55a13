-- The profile attribute half-way through one user's trash in trash order: a keyset cursor
-- inside real data, and a trashed attribute to restore.
-- params: $1 user_id uuid
-- uses: profile_attributes_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        a.deleted_at,
        a.id,
        row_number() OVER (ORDER BY a.deleted_at, a.id) AS position,
        count(*) OVER () AS total
    FROM profile_attributes AS a
    WHERE a.user_id = $1
        AND a.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
