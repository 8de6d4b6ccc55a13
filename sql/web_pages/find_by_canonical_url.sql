-- The live pages of one user at the given canonical addresses, with their ids: the pages an
-- import batch skipped because the address was already saved. A join with the list (not
-- = ANY) so that even the generic plan looks each address up in the unique index.
-- params: $1 user_id uuid, $2 canonical_urls text[]
-- uses: web_pages_live_canonical_url_key
-- generic plan: uses web_pages_live_user_state_created_idx | web_pages_live_user_created_idx | web_pages_live_canonical_url_key (not knowing the user, the planner expects a user's five or so live pages, reads them through either live index and matches the addresses in a hash: bounded by one user's list, and only on an import that skipped items)
-- sample: canonical_urls = canonical_url from tooling/sample_web_page_points every row
SELECT
    p.id,
    p.canonical_url
FROM web_pages AS p
JOIN unnest($2::text[]) AS k (canonical_url)
    ON p.canonical_url = k.canonical_url
WHERE p.user_id = $1
    AND p.deleted_at IS NULL
