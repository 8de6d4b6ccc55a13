-- Hard-delete up to a batch of social accounts soft-deleted before a cut-off, oldest first,
-- skipping rows another transaction holds and accounts that still have posts (the purge takes
-- posts first; one it skipped because a request held it keeps its account until next time).
-- The batch is found and locked through the purge index, then deleted by ctid (a Tid Scan).
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: social_accounts_purge_deleted_idx, social_posts_user_account_posted_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
-- generic plan: not checked (not knowing the cut-off, the planner may expect much of the table past it and plan a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
DELETE FROM social_accounts
WHERE ctid = ANY (ARRAY(
    SELECT a.ctid
    FROM social_accounts AS a
    WHERE a.deleted_at < $1
        AND NOT EXISTS (
            SELECT 1
            FROM social_posts AS p
            WHERE p.user_id = a.user_id
                AND p.account_id = a.id
        )
    ORDER BY a.deleted_at
    LIMIT $2
    FOR UPDATE OF a SKIP LOCKED
))
