-- The album half-way through one user's album trash in trash order: a keyset cursor inside real
-- data, and an album to restore.
-- params: $1 user_id uuid
-- uses: none (reads one user's album trash once; the trash index or the primary key serve)
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        a.deleted_at,
        a.id,
        row_number() OVER (ORDER BY a.deleted_at, a.id) AS position,
        count(*) OVER () AS total
    FROM albums AS a
    WHERE a.user_id = $1
        AND a.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
