-- Which of the given ids are live social posts of one user, share-locking them so that none can
-- be trashed before the caller's transaction (which is about to store replies to them) commits.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: social_posts_pkey
-- generic plan: uses social_posts_live_user_posted_idx | social_posts_live_user_platform_posted_idx | social_posts_pkey (not knowing the user, PostgreSQL 18 expects a user's live posts to be few and filters them by id inside either list index, where 15 keeps the primary key; for a heavy user the custom plan, cheaper, takes the primary key, and the plan cache keeps it: at a thousand times the size the generic plan costs 46 to the custom one's 17)
-- sample: ids = id from tooling/sample_social_post_points every row
SELECT id
FROM social_posts
WHERE user_id = $1
    AND id = ANY($2::uuid[])
    AND deleted_at IS NULL
FOR SHARE
