-- Erase (DELETE /v1/me): hard-delete up to a batch of one user's health records in the trash, in
-- the order they were trashed, in the caller's own short transaction: the batch is the first
-- $2 through the trash index, then every trashed row of the user up to the last of them goes
-- (rows trashed at the same instant at the edge go with it). Run after the live ones.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: health_records_trash_user_deleted_idx
-- sample user: heaviest owner of health_records
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
DELETE FROM health_records
WHERE user_id = $1
    AND deleted_at IS NOT NULL
    AND deleted_at <= (
        SELECT max(b.deleted_at)
        FROM (
            SELECT deleted_at
            FROM health_records
            WHERE user_id = $1
                AND deleted_at IS NOT NULL
            ORDER BY deleted_at
            LIMIT $2
        ) AS b
    )
