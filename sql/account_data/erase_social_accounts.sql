-- Erase (DELETE /v1/me): hard-delete the next batch of one user's social accounts, in the caller's
-- own short transaction, so other users are never blocked and no transaction grows with the
-- account. The batch is the first $2 keys in primary key order (an index-only scan); every row
-- of the user's up to the last of them goes (exactly the batch: the key is unique), found
-- again through the primary key.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: social_accounts_pkey
-- sample user: heaviest owner of social_accounts
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
DELETE FROM social_accounts
WHERE user_id = $1
    AND id <= (
        SELECT b.id
        FROM (
            SELECT id
            FROM social_accounts
            WHERE user_id = $1
            ORDER BY id
            LIMIT $2
        ) AS b
        ORDER BY b.id DESC
        LIMIT 1
    )
