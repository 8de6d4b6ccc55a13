-- Mark every unread live notification of one user read, now; the ones already read keep their
-- read_at. Reads only the user's unread entries of the unread index.
-- params: $1 user_id uuid
-- uses: notifications_live_unread_idx
UPDATE notifications
SET
    is_read = true,
    read_at = now()
WHERE user_id = $1
    AND deleted_at IS NULL
    AND NOT is_read
