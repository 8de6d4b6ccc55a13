-- The most recently trashed record of one user: a keyset cursor at the top of the trash, and a
-- trashed id to restore.
-- params: $1 user_id uuid
-- uses: health_records_trash_user_deleted_idx
SELECT
    id,
    deleted_at
FROM health_records
WHERE user_id = $1
    AND deleted_at IS NOT NULL
ORDER BY deleted_at DESC, id DESC
LIMIT 1
