-- The live bookmarks of one user at the given addresses, with their ids: the bookmarks an
-- import batch skipped because the address was already bookmarked. A join with the list (not
-- = ANY) so that even the generic plan looks each address up in the unique index.
-- params: $1 user_id uuid, $2 urls text[]
-- uses: bookmarks_live_url_key
-- generic plan: uses bookmarks_live_user_created_idx | bookmarks_live_url_key (not knowing the user, the planner expects a user's ten or so live bookmarks, reads them and matches the addresses in a hash: bounded by one user's list, and only on an import that skipped items)
-- sample: urls = url from tooling/sample_bookmark_points every row
SELECT
    b.id,
    b.url
FROM bookmarks AS b
JOIN unnest($2::text[]) AS k (url)
    ON b.url = k.url
WHERE b.user_id = $1
    AND b.deleted_at IS NULL
