-- Hard-delete up to a batch of social posts soft-deleted before a cut-off, oldest first,
-- skipping rows another transaction holds. Their replies outside the batch stay and stop naming
-- them, in this same statement (the foreign key's check runs at its end, when both are done);
-- replies inside the batch go with them. The batch is found and locked through the purge
-- index once, then deleted by ctid (a Tid Scan).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: social_posts_purge_deleted_idx, social_posts_user_reply_to_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
-- generic plan: not checked (not knowing the cut-off, the planner may expect much of the table past it and plan a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
WITH doomed AS MATERIALIZED (
    SELECT
        ctid,
        user_id,
        id
    FROM social_posts
    WHERE deleted_at < $1
    ORDER BY deleted_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
),
orphaned AS (
    UPDATE social_posts AS r
    SET reply_to_post_id = NULL
    FROM doomed AS d
    WHERE r.user_id = d.user_id
        AND r.reply_to_post_id = d.id
        AND r.ctid <> ALL (ARRAY(SELECT ctid FROM doomed))
    RETURNING r.id
)
DELETE FROM social_posts
WHERE ctid = ANY (ARRAY(SELECT ctid FROM doomed))
