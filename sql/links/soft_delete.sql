-- Soft-delete one live link of one user, with its mirror row when the link is symmetric. The
-- mirror row is found by its live key, or among the few links reaching the link's source: the
-- planner costs them alike (the incoming links index with or without order), and any is right.
-- params: $1 user_id uuid, $2 id uuid
-- uses: links_pkey, links_live_key | links_user_to_idx | links_live_to_created_idx
-- sample: id from tooling/sample_link
WITH target AS (
    SELECT
        id,
        from_object_id,
        to_object_id,
        link_type
    FROM links
    WHERE user_id = $1
        AND id = $2
        AND deleted_at IS NULL
)
UPDATE links AS l
SET deleted_at = now()
FROM target AS t
WHERE l.user_id = $1
    AND l.deleted_at IS NULL
    AND (
        l.id = t.id
        OR (
            t.link_type = 'duplicate_of'
            AND l.link_type = 'duplicate_of'
            AND l.from_object_id = t.to_object_id
            AND l.to_object_id = t.from_object_id
        )
    )
RETURNING l.id
