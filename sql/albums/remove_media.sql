-- Take one media item out of one live album of one user (soft-deletes the contains link). The
-- link is found by its live key, or among the few links reaching the media item: the planner
-- costs both the same, and either is right.
-- params: $1 user_id uuid, $2 album_id uuid, $3 media_id uuid
-- uses: links_live_key | links_user_to_idx, albums_pkey
-- generic plan: uses links_live_key | links_user_to_idx | links_user_from_idx, albums_pkey | albums_live_user_created_idx (not knowing the user, PostgreSQL 15 checks that the album is live in the user's range of live albums, a few hundred at most, as cheap as the primary key; not knowing the album either, the planner may take it for a few links and read the links from it, bounded by one album's size)
-- sample: album_id = id from tooling/sample_largest_album
-- sample: media_id = id from tooling/sample_album_members row 2
UPDATE links
SET deleted_at = now()
WHERE user_id = $1
    AND from_object_id = $2
    AND to_object_id = $3
    AND link_type = 'contains'
    AND deleted_at IS NULL
    AND EXISTS (
        SELECT 1
        FROM albums
        WHERE user_id = $1
            AND id = $2
            AND deleted_at IS NULL
    )
RETURNING id
