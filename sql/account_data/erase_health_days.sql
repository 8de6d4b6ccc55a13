-- Erase (DELETE /v1/me): hard-delete the next batch of one user's health days, in the caller's own
-- short transaction. Normally none are left: the trigger on health_records removes a day as its
-- last record goes, and health records are erased first. The batch is the first $2 keys in primary
-- key order, found again through the primary key (see erase_email_threads.sql for why = ANY).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: health_days_pkey
-- sample user: heaviest owner of health_days
DELETE FROM health_days
WHERE user_id = $1
    AND day = ANY (ARRAY(
        SELECT day
        FROM health_days
        WHERE user_id = $1
        ORDER BY day
        LIMIT $2
    ))
