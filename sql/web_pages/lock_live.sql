-- Which of the given ids are live pages of one user, share-locking them so that none can be
-- trashed before the caller's transaction (which is about to point bookmarks at them) commits.
-- A join with the list (not = ANY) so that even the generic plan looks each id up by primary key.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: web_pages_pkey
-- generic plan: uses web_pages_live_user_state_created_idx | web_pages_live_user_created_idx | web_pages_live_canonical_url_key | web_pages_pkey (not knowing the user, the planner expects a user's five or so live pages, reads them through any live index led by user_id and matches the ids in a hash: bounded by one user's list; costlier than the custom plan, 37 to 25 at a thousand times the size, so the plan cache keeps the custom one)
-- sample: ids = id from tooling/sample_web_page_points every row
SELECT p.id
FROM web_pages AS p
JOIN unnest($2::uuid[]) AS k (id)
    ON p.id = k.id
WHERE p.user_id = $1
    AND p.deleted_at IS NULL
FOR SHARE OF p
