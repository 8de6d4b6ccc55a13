-- Whether one bookmark of one user exists and whether it is live; tells 404 from 412 and 409.
-- params: $1 user_id uuid, $2 id uuid
-- uses: bookmarks_pkey
-- sample: id from tooling/sample_bookmark_points row 2
SELECT
    deleted_at IS NULL AS live,
    updated_at
FROM bookmarks
WHERE user_id = $1
    AND id = $2
