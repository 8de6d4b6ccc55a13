-- Export (GET /v1/me/export): every row of one user's transactions, live and trashed, each as one
-- JSON object of all its columns (a column added later is exported without a change here), in
-- primary key order, read through a cursor in batches inside the export's one snapshot.
-- params: $1 user_id uuid
-- uses: transactions_pkey
-- sample user: heaviest owner of transactions
SELECT row_to_json(t)::text AS line
FROM transactions AS t
WHERE t.user_id = $1
ORDER BY
    t.id
