-- Which of the given ids are live messages of one user, each locked until the transaction ends
-- (in id order, so two batches over the same messages wait instead of deadlocking): a batch
-- write checks them all before it changes any.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: emails_pkey
-- sample: ids = id from tooling/sample_email_points every row
SELECT
    id
FROM emails
WHERE user_id = $1
    AND id = ANY($2::uuid[])
    AND deleted_at IS NULL
ORDER BY id
FOR UPDATE
