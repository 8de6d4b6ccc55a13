-- Erase (DELETE /v1/me): hard-delete the next batch of one user's stays, in the caller's own short
-- transaction. Normally none are left: the trigger on locations removes a user's stays as their
-- points go, and locations are erased first. The batch is the first $2 keys in primary key order,
-- found again through the primary key (see erase_email_threads.sql for why = ANY).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: location_stays_pkey
-- sample user: heaviest owner of location_stays
DELETE FROM location_stays
WHERE user_id = $1
    AND id = ANY (ARRAY(
        SELECT id
        FROM location_stays
        WHERE user_id = $1
        ORDER BY id
        LIMIT $2
    ))
