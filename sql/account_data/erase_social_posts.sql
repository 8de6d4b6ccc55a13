-- Erase (DELETE /v1/me): hard-delete the next batch of one user's social posts, in the caller's own
-- short transaction, so other users are never blocked and no transaction grows with the account.
-- The batch is the first $2 keys in primary key order (an index-only scan); exactly those rows go,
-- each found again through the primary key (id = ANY of the batch's keys, not a bound on the key:
-- see erase_media.sql). Rows after the batch that name one of it in reply_to_post_id stop naming it
-- in this same statement (the foreign key's check runs at the statement's end, when both are done),
-- as the purge does; they go in a later batch.
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: social_posts_pkey, social_posts_user_reply_to_idx
-- sample user: heaviest owner of social_posts
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row; none are left, links are erased first)
WITH doomed AS MATERIALIZED (
    SELECT id
    FROM social_posts
    WHERE user_id = $1
    ORDER BY id
    LIMIT $2
),
orphaned AS (
    UPDATE social_posts AS c
    SET reply_to_post_id = NULL
    WHERE c.user_id = $1
        AND c.reply_to_post_id IN (SELECT d.id FROM doomed AS d)
        AND c.id > (SELECT d.id FROM doomed AS d ORDER BY d.id DESC LIMIT 1)
    RETURNING c.id
)
DELETE FROM social_posts
WHERE user_id = $1
    AND id = ANY (ARRAY(SELECT d.id FROM doomed AS d))
