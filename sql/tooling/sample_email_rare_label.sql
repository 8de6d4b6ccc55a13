-- The least common label among one user's threads: a selective label filter, the case the
-- label indexes exist for.
-- params: $1 user_id uuid
-- uses: none (reads one user's thread labels through whichever user_id index the planner prefers)
SELECT
    l.label,
    count(*) AS threads
FROM email_thread_labels AS l
WHERE l.user_id = $1
GROUP BY l.label
ORDER BY
    count(*),
    l.label
LIMIT 1
