-- The thread of one user with the most live messages: the longest thread listing.
-- params: $1 user_id uuid
-- uses: none (reads one user's thread summaries through whichever user_id index the planner prefers)
SELECT
    t.thread_id,
    t.message_count
FROM email_threads AS t
WHERE t.user_id = $1
ORDER BY
    t.message_count DESC,
    t.thread_id
LIMIT 1
