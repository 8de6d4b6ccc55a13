-- The bookmark half-way through one user's trash in trash order: a keyset cursor inside real
-- data, and a trashed bookmark to restore.
-- params: $1 user_id uuid
-- uses: bookmarks_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        b.deleted_at,
        b.id,
        row_number() OVER (ORDER BY b.deleted_at, b.id) AS position,
        count(*) OVER () AS total
    FROM bookmarks AS b
    WHERE b.user_id = $1
        AND b.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
