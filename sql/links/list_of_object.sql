-- Live links of one user touching one of their live objects, both directions merged, newest
-- first, after a keyset cursor; each with the other end's type, id and title (object_title():
-- NULL when that end is in the trash). A symmetric link (duplicate_of) has a row leaving each
-- end, so only its outgoing row is shown. No row at all when the object is not a live object
-- of the user (404); one row of NULL link columns when it has no links (past the cursor).
-- Each direction is an ordered scan of its own index, merged: a page costs the same however
-- deep it is and however many links the object has.
-- params: $1 user_id uuid, $2 object_type text, $3 object_id uuid, $4 after_created_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: links_live_from_created_idx, links_live_to_created_idx
-- replica: yes
-- sample: object_type = "album"
-- sample: object_id = id from tooling/sample_largest_album
-- sample: after_created_at = created_at, after_id = id from tooling/sample_album_link_point
WITH target AS (
    SELECT object_title($1, $2, $3) AS title
)
SELECT
    l.id,
    l.direction,
    l.link_type,
    l.other_type,
    l.other_id,
    object_title($1, l.other_type, l.other_id) AS other_title,
    l.strength,
    l.sort_order,
    l.created_at,
    l.metadata
FROM target
LEFT JOIN LATERAL (
    (
        SELECT
            o.id,
            'out' AS direction,
            o.link_type,
            o.to_object_type AS other_type,
            o.to_object_id AS other_id,
            o.strength,
            o.sort_order,
            o.created_at,
            o.metadata
        FROM links AS o
        WHERE o.user_id = $1
            AND o.from_object_id = $3
            AND o.from_object_type = $2
            AND o.deleted_at IS NULL
            AND (o.created_at, o.id) < (
                coalesce($4::timestamptz, 'infinity'),
                coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
            )
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT $6
    )
    UNION ALL
    (
        SELECT
            i.id,
            'in' AS direction,
            i.link_type,
            i.from_object_type AS other_type,
            i.from_object_id AS other_id,
            i.strength,
            i.sort_order,
            i.created_at,
            i.metadata
        FROM links AS i
        WHERE i.user_id = $1
            AND i.to_object_id = $3
            AND i.to_object_type = $2
            AND i.deleted_at IS NULL
            AND i.link_type <> 'duplicate_of'
            AND (i.created_at, i.id) < (
                coalesce($4::timestamptz, 'infinity'),
                coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
            )
        ORDER BY i.created_at DESC, i.id DESC
        LIMIT $6
    )
    ORDER BY created_at DESC, id DESC
    LIMIT $6
) AS l ON true
WHERE target.title IS NOT NULL
ORDER BY l.created_at DESC, l.id DESC
