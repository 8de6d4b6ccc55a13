-- How many live notifications of one user are unread: an index-only scan of the user's entries
-- in the partial index that holds exactly the unread live rows (read ones are not in it).
-- params: $1 user_id uuid
-- uses: notifications_live_unread_idx
-- replica: yes
SELECT count(*) AS unread
FROM notifications
WHERE user_id = $1
    AND deleted_at IS NULL
    AND NOT is_read
