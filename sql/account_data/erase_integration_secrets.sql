-- Erase (DELETE /v1/me): hard-delete the next batch of one user's integration secrets, in the caller's
-- own short transaction, so other users are never blocked and no transaction grows with the
-- account. The batch is the first $2 keys in primary key order (an index-only scan); every row
-- of the user's up to the last of them goes (exactly the batch: the key is unique), found
-- again through the primary key.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: integration_secrets_pkey
-- sample user: heaviest owner of integration_secrets
DELETE FROM integration_secrets
WHERE user_id = $1
    AND integration_id <= (
        SELECT b.integration_id
        FROM (
            SELECT integration_id
            FROM integration_secrets
            WHERE user_id = $1
            ORDER BY integration_id
            LIMIT $2
        ) AS b
        ORDER BY b.integration_id DESC
        LIMIT 1
    )
