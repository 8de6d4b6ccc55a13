-- Which of the given ids are live messages of one user, each locked until the transaction ends
-- (in id order, so two batches over the same messages wait instead of deadlocking): a batch
-- write checks them all before it changes any. Joined with the ids (one primary-key probe each)
-- rather than `id = ANY($2)`, which lets a generic plan walk the user's whole live list.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: emails_pkey
-- sample: ids = id from tooling/sample_email_points every row
SELECT
    e.id
FROM unnest($2::uuid[]) AS wanted (id)
JOIN emails AS e
    ON e.user_id = $1
    AND e.id = wanted.id
WHERE e.deleted_at IS NULL
ORDER BY e.id
FOR UPDATE OF e
