-- Whether one saved page of one user exists and whether it is live; tells 404 from 412 and 409.
-- params: $1 user_id uuid, $2 id uuid
-- uses: web_pages_pkey
-- sample: id from tooling/sample_web_page_points row 2
SELECT
    deleted_at IS NULL AS live,
    updated_at
FROM web_pages
WHERE user_id = $1
    AND id = $2
