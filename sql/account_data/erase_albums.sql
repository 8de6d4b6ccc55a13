-- Erase (DELETE /v1/me): hard-delete the next batch of one user's albums, in the caller's own short
-- transaction, so other users are never blocked and no transaction grows with the account. The
-- batch is the first $2 keys in primary key order (an index-only scan); exactly those rows go, each
-- found again through the primary key (id = ANY of the batch's keys: the planner counts an array it
-- cannot see as a handful of keys, so it probes the index at any size of the table or the user,
-- where a bound on the key (`id <= the batch's last`) left it guessing a third of the user's rows
-- and, at a thousand times the size, reading the whole table).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: albums_pkey
-- sample user: heaviest owner of albums
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
DELETE FROM albums
WHERE user_id = $1
    AND id = ANY (ARRAY(
        SELECT id
        FROM albums
        WHERE user_id = $1
        ORDER BY id
        LIMIT $2
    ))
