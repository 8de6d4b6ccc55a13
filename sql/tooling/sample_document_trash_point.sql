-- The document half-way through one user's trash in trash order: a keyset cursor inside real
-- data, and a trashed document to restore.
-- params: $1 user_id uuid
-- uses: documents_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        d.deleted_at,
        d.id,
        row_number() OVER (ORDER BY d.deleted_at, d.id) AS position,
        count(*) OVER () AS total
    FROM documents AS d
    WHERE d.user_id = $1
        AND d.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
